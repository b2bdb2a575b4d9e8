/**
 * The web console's GraphQL operations as it sends them: every graphql(`…`) of console/src (the documents
 * codegen reads, codegen.yml), each operation with the fragments it spreads. Read from the sources at run
 * time, so that the benchmark asks what the console asks today.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';
import { PROJECT_ROOT } from '../src/config/paths.js';

const CONSOLE_SOURCES = path.join(PROJECT_ROOT, 'console', 'src');
const DOCUMENT = /graphql\(`([^`]*)`\)/g;

async function consoleDefinitions(): Promise<DefinitionNode[]> {
  const files = (await readdir(CONSOLE_SOURCES, { recursive: true })).filter((file) => file.endsWith('.tsx'));
  const definitions: DefinitionNode[] = [];
  for (const file of files) {
    const source = await readFile(path.join(CONSOLE_SOURCES, file), 'utf8');
    for (const [, document] of source.matchAll(DOCUMENT)) definitions.push(...parse(document!).definitions);
  }
  return definitions;
}

/** The fragments a definition spreads, and those they spread, by name. */
function spreadFragments(definition: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, found = new Map<string, FragmentDefinitionNode>()) {
  visit(definition, {
    FragmentSpread(node) {
      const fragment = fragments.get(node.name.value);
      if (!fragment) throw new Error(`the console spreads a fragment ${node.name.value} it does not define`);
      if (found.has(fragment.name.value)) return;
      found.set(fragment.name.value, fragment);
      spreadFragments(fragment, fragments, found);
    },
  });
  return found;
}

/** Each operation of the console by name: its text, with the fragments it needs. */
export async function consoleOperations(): Promise<Map<string, string>> {
  const definitions = await consoleDefinitions();
  const fragments = new Map(definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const operations = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
    const needed = [...spreadFragments(definition, fragments).values()];
    operations.set(definition.name.value, [definition, ...needed].map((node) => print(node)).join('\n\n'));
  }
  return operations;
}
