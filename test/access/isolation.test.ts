/**
 * Reads through the API, over HTTP as a client would: with every layer, then with each database-facing layer
 * on its own (either must be enough to leak nothing), against the isolation oracle (oracle.ts).
 */
import type { Api } from '../../src/app.js';
import { startTestApi } from '../support/api.js';
import { tablesAndKeys } from './oracle.js';
import { expectApiReadsOnlyItsShare } from './read-isolation.js';
import { apiKeyReaders, demoReaders, onePerKind, type Reader } from './readers.js';
import { writeTraces } from './traces.js';

const keys = await tablesAndKeys();
const representatives = await onePerKind();
const { everyone, someOfEachKind } = await (async () => {
  const api = await startTestApi();
  try {
    await writeTraces(api);
    const represented = new Set(representatives.map((organisation) => organisation.organisationId));
    const keyReaders = await apiKeyReaders(api, representatives);
    // Every organisation's viewer; its editor and admin, and its keys, for one organisation of each kind.
    const people = (await demoReaders()).filter((reader) => reader.role === 'VIEWER' || represented.has(reader.organisationId));
    const some = [...people, ...keyReaders].filter((reader) => represented.has(reader.organisationId) && (reader.userId ? reader.role !== 'EDITOR' : reader.role === 'ADMIN'));
    return { everyone: [...people, ...keyReaders], someOfEachKind: some };
  } finally {
    await api.close();
  }
})();

/** Each layer alone is read by a viewer, an admin and an ADMIN key of each kind: table-isolation.test.ts reads every table through each with every reader. */
const LAYERS: [string, Parameters<typeof startTestApi>[0], Reader[]][] = [
  ['with every layer', {}, everyone],
  ['with row-level security bypassed (connected as the owner), the ORM scoping alone', { asOwner: true }, someOfEachKind],
  ['with the ORM scoping switched off, row-level security alone', { tenantScoped: false }, someOfEachKind],
];

describe.each(LAYERS)('the API, %s', (_, layer, readers) => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi(layer);
  });
  afterAll(() => api.close());

  it.each(readers.map((reader) => [reader.label, reader] as const))('lets %s read exactly its share', async (_, reader) => {
    await expectApiReadsOnlyItsShare(api, reader, keys);
  });
});
