import { readFile } from 'node:fs/promises';
import { buildApiSchema, printApiSchema, SCHEMA_FILE } from '../../src/graphql/schema.js';

describe('schema/schema.graphql', () => {
  it('is exactly the schema the code builds (run `npm run schema` and review the diff)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(printApiSchema(await buildApiSchema())).toBe(committed);
  });
});
