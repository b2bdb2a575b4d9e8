/**
 * Every table, for readers of every served kind and role and for API keys, through each database layer on
 * its own: either must be enough to leak nothing, and neither may hide what the domain lets one read.
 */
import { startTestApi } from '../support/api.js';
import { asOwner, sql } from '../support/sql.js';
import { closeActorOrms } from '../support/acting.js';
import { LAYERS, mismatches, rowsReadThrough } from './layers.js';
import { expectedRows, READ_RULES, ROLES, SERVED_KINDS, tablesAndKeys } from './oracle.js';
import { apiKeyReaders, demoReaders, onePerKind } from './readers.js';
import { writeTraces } from './traces.js';

const keys = await tablesAndKeys();
const api = await startTestApi();
const readers = await (async () => {
  try {
    await writeTraces(api);
    return [...await demoReaders(), ...await apiKeyReaders(api, await onePerKind())];
  } finally {
    await api.close();
  }
})();

afterAll(() => closeActorOrms());

describe('the isolation oracle', () => {
  it('has a rule in words for every table of the database, and none for a table that does not exist', () => {
    expect([...keys.keys()].filter((table) => !READ_RULES[table]).sort()).toEqual([]);
    expect(Object.keys(READ_RULES).filter((table) => !keys.has(table)).sort()).toEqual([]);
  });

  it('has readers of every served kind, each role, and API keys of each role', () => {
    const kinds = (filter: (reader: (typeof readers)[number]) => boolean) => new Set(readers.filter(filter).map((reader) => `${reader.kind} ${reader.role}`));
    const everyPair = new Set(SERVED_KINDS.flatMap((kind) => ROLES.map((role) => `${kind} ${role}`)));
    expect(kinds((reader) => reader.userId !== null)).toEqual(everyPair);
    expect(kinds((reader) => reader.apiKeyId !== null)).toEqual(everyPair);
  });

  it('has rows in every table, among them an event about the identity of a person the Département may not identify', async () => {
    const empty = await asOwner(async (client) => {
      const found: string[] = [];
      for (const table of keys.keys()) if (!(await client.query(`select from ${table} limit 1`)).rowCount) found.push(table);
      return found;
    });
    expect(empty).toEqual([]);
    const hidden = await sql(
      `select 1 from audit_event e join beneficiary b on b.id = e.entity_id where e.entity = 'BeneficiaryIdentity' and not b.is_brsa`);
    expect(hidden.length).toBeGreaterThan(0);
  });
});

describe.each(LAYERS)('%s', (layer) => {
  it.each(readers.map((reader) => [reader.label, reader] as const))('lets %s read exactly what the oracle says, table by table', async (_, reader) => {
    const expected = await expectedRows(reader, keys);
    const read = await rowsReadThrough(layer, reader, keys);
    expect(mismatches(expected, read)).toEqual({});
  });
});
