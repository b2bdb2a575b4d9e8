import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../src/config/paths.js';

/**
 * Resolvers parse their arguments, delegate to a service (src/follow-up, src/markets…) and shape the
 * answer: the business actions, their checks and their writes live in the services, where the HTTP
 * routes and the import reach them too. Checked on the types, so that renaming `em` changes nothing.
 */

const RESOLVERS = path.join(PROJECT_ROOT, 'src', 'graphql', 'resolvers');

/** What writes, locks or opens a transaction through the entity manager. */
const WRITES = new Set([
  'persist', 'flush', 'remove', 'lock', 'insert', 'insertMany', 'nativeInsert', 'nativeUpdate', 'nativeDelete', 'upsert', 'upsertMany',
  'create', 'assign', 'merge', 'execute', 'transactional', 'begin', 'commit', 'rollback',
]);

/** Statements a mutation's resolver needs at most: delegate, and perhaps shape the answer. */
const MAX_MUTATION_STATEMENTS = 3;

/** Files another change is moving to their service; each must still break the rule, or leave this list. */
const NOT_YET_MOVED = new Set<string>([]);

function program(extra: { file: string; text: string }) {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (file, language, ...rest) => (file === extra.file ? ts.createSourceFile(file, extra.text, language) : getSourceFile.call(host, file, language, ...rest));
  host.fileExists = (file) => file === extra.file || fileExists.call(host, file);
  const files = readdirSync(RESOLVERS).filter((name) => name.endsWith('.ts')).map((name) => path.join(RESOLVERS, name));
  return ts.createProgram([...files, extra.file], config.options, host);
}

const isEntityManagerMethod = (symbol: ts.Symbol | undefined) => (symbol?.declarations ?? []).some((declaration) =>
  ts.isClassDeclaration(declaration.parent) && /EntityManager$/.test(declaration.parent.name?.text ?? '') && declaration.getSourceFile().fileName.includes('@mikro-orm'));

const decoratorNames = (node: ts.MethodDeclaration) => (ts.getDecorators(node) ?? []).map((decorator) =>
  (ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression).getText());

/** Every break of the rule in a resolver file, as `method: what`. */
function violations(source: ts.SourceFile, checker: ts.TypeChecker): string[] {
  const found: string[] = [];
  let where = '(module)';
  const visit = (node: ts.Node): void => {
    const outer = where;
    if ((ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) && node.name) where = node.name.getText();
    if (ts.isMethodDeclaration(node)) {
      const statements = node.body?.statements.length ?? 0;
      if (decoratorNames(node).includes('Mutation') && statements > MAX_MUTATION_STATEMENTS) found.push(`${where}: ${statements} statements`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && WRITES.has(node.expression.name.text)
      && isEntityManagerMethod(checker.getSymbolAtLocation(node.expression.name))) {
      found.push(`${where}: EntityManager.${node.expression.name.text}`);
    }
    ts.forEachChild(node, visit);
    where = outer;
  };
  visit(source);
  return found;
}

/** A resolver that does its action's work itself, in ways a name-based check would miss. */
const PROBE = {
  file: path.join(RESOLVERS, 'probe-of-the-test.ts'),
  text: `
    import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
    import type { RequestContext } from '../../context/request-context.js';
    import { Company } from '../../db/entities/index.js';
    @Resolver()
    export class ProbeResolver {
      @Mutation(() => Boolean)
      async rename(@Arg('name') name: string, @Ctx() context: RequestContext) {
        const manager = context.em;
        const company = await manager.findOneOrFail(Company, { name });
        company.name = name.trim();
        await manager.flush();
        return true;
      }
    }`,
};

describe('GraphQL resolvers', () => {
  const built = program(PROBE);
  const checker = built.getTypeChecker();
  const broken = (file: string) => violations(built.getSourceFile(file)!, checker);

  it('are told apart by the check: a mutation that writes through the entity manager, in many statements', () => {
    expect(broken(PROBE.file)).toEqual(['rename: 5 statements', 'rename: EntityManager.flush']);
  });

  it('write nothing through the entity manager, and a mutation takes a few statements: its service does the work', () => {
    const resolvers = readdirSync(RESOLVERS).filter((name) => name.endsWith('.ts'));
    const found = new Map(resolvers.map((name) => [name, broken(path.join(RESOLVERS, name))]));
    expect([...found].filter(([name, list]) => list.length && !NOT_YET_MOVED.has(name))).toEqual([]);
    expect([...NOT_YET_MOVED].filter((name) => !found.get(name)?.length)).toEqual([]);
  });
});
