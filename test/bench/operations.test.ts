/** The benchmarks' GraphQL operations against the committed schema, so that none rots when the schema moves. */
import { readFile } from 'node:fs/promises';
import { buildSchema, parse, validate } from 'graphql';
import { indicatorsQuery } from '../../bench/indicator-scenarios.js';
import { BREACH_QUERY, CHARTERS_QUERY, MARKETS_PAGE_QUERY, NOTHING_QUERY, VIEWER_QUERY } from '../../bench/scenarios.js';
import { SOAK_OPERATIONS } from '../../bench/soak-load.js';
import { SCHEMA_FILE } from '../../src/graphql/schema.js';

const OPERATIONS = {
  'npm run bench': [MARKETS_PAGE_QUERY, CHARTERS_QUERY, VIEWER_QUERY, NOTHING_QUERY],
  'npm run bench:indicators': [indicatorsQuery(false), indicatorsQuery(true)],
  'npm run bench:identity-reads': [BREACH_QUERY],
  'npm run bench:soak': SOAK_OPERATIONS,
};

it.each(Object.entries(OPERATIONS))('%s sends operations valid against the committed schema', async (_bench, operations) => {
  const schema = buildSchema(await readFile(SCHEMA_FILE, 'utf8'));
  const problems = operations.flatMap((operation) => validate(schema, parse(operation)).map((error) => `${operation.slice(0, 40)}: ${error.message}`));
  expect(problems).toEqual([]);
});
