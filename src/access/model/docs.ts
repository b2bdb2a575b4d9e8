import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths.js';
import { OPERATIONS } from '../operations.js';
import { describeByKind as writers, KINDS, nothing, type Predicate } from './predicates.js';
import { ACCESS_MODEL } from './rules.js';

export const PERMISSIONS_DOC = path.join(PROJECT_ROOT, 'docs', 'permissions.md');

const cell = (predicate: Predicate | undefined) => (predicate && predicate !== nothing ? predicate.sentence : '—');

/** The Markdown of docs/permissions.md. */
export function renderPermissions(): string {
  const header = (first: string, columns: string[]) => [`| ${[first, ...columns].join(' | ')} |`, `|${' --- |'.repeat(columns.length + 1)}`];
  return [
    '# Permissions',
    '',
    'Generated from the access model (`src/access/model/rules.ts` and `src/access/operations.ts`) by `npm run permissions`; a test fails when this file is out of date.',
    'The same declaration renders the row-level-security policies (`npm run policies` writes their migration), the ORM\'s tenant filter, the services\' checks, the GraphQL rules and the HTTP routes\' guards. Anything not listed is refused.',
    '',
    '## Reads, by the kind of the organisation the asker acts for',
    '',
    ...header('entity', KINDS),
    ...ACCESS_MODEL.map((access) => `| ${access.entity}${access.derivedFrom ? ` (derived from ${access.derivedFrom})` : ''} | ${KINDS.map((kind) => cell(access.read[kind])).join(' | ')} |`),
    '',
    'Acting for no organisation (a user of several organisations who sent no `X-Organisation`), a user reads: ' +
      ACCESS_MODEL.filter((access) => access.withoutOrganisation?.read).map((access) => `${access.entity}: ${access.withoutOrganisation!.read!.sentence}`).join('; ') + '.',
    '',
    '## Columns read by some of the readers of a row',
    '',
    'Of the rows it reads (above), each kind reads these columns or not; where not, the API answers `null` in their place (data minimisation).',
    '',
    ...header('entity', ['columns', ...KINDS]),
    ...ACCESS_MODEL.filter((access) => access.readDetail).map((access) =>
      `| ${access.entity} | ${access.detailColumns!.map((column) => `\`${column}\``).join(', ')} | ${KINDS.map((kind) => (access.readDetail![kind] === nothing ? 'no' : 'yes')).join(' | ')} |`),
    '',
    '## Writes',
    '',
    ...header('entity', ['create', 'update', 'delete']),
    ...ACCESS_MODEL.map((access) =>
      `| ${access.entity} | ${writers(access.create, access.withoutOrganisation?.create)} | ${writers(access.update)} | ${writers(access.delete)} |`),
    '',
    '## Operations: who may ask',
    '',
    'Each GraphQL root field and HTTP route, and what it needs; the rows it reaches are decided by the rules above.',
    '',
    ...header('operation', ['needs']),
    ...Object.entries(OPERATIONS).sort(([a], [b]) => a.localeCompare(b)).map(([name, operation]) => `| \`${name}\` | ${operation.sentence} |`),
    '',
    'A row another organisation may not read answers NOT_FOUND, exactly like a missing one, whether asked by id, by `node(id:)` or named in a mutation.',
    '',
  ].join('\n');
}
