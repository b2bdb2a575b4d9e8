/**
 * A request whose COMMIT fails (a deferred constraint, a serialisation failure, the connection lost at that
 * moment) writes nothing and gives its connection back to the pool: a GraphQL mutation is answered as an
 * internal error, an export whose record of reads fails is cut.
 */
import type { Api } from '../../src/app.js';
import { RegisterCompanyDocument, ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { newSiret } from '../support/companies.js';
import { sql } from '../support/sql.js';

const REFUSED_AT_COMMIT = 'Refusée au commit';
/** More than the API's pool holds (src/app.ts): a connection kept by each failure would leave none. */
const FAILURES = 25;
/** A PLIE editor of the demo data, who may export the people it follows. */
const EDITOR = 'editor@fabrique-defi.demo';

let api: Api;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await tokenFor(EDITOR);
  await sql(`create function refuse_at_commit() returns trigger language plpgsql as $$
               begin raise exception 'refusée au commit' using errcode = 'check_violation'; end $$`);
});
afterAll(async () => {
  await sql('drop function if exists refuse_at_commit() cascade');
  await api.close();
});

/** Runs `work` while every row inserted into `table` that `when` keeps fails its transaction's commit. */
async function refusingAtCommit(table: string, when: string, work: () => Promise<void>): Promise<void> {
  await sql(`create constraint trigger refuse_at_commit after insert on ${table} deferrable initially deferred
               for each row when (${when}) execute function refuse_at_commit()`);
  try {
    await work();
  } finally {
    await sql(`drop trigger refuse_at_commit on ${table}`);
  }
}

async function stillServes(): Promise<void> {
  const viewer = await execute(api.url, ViewerDocument, {}, { token, signal: AbortSignal.timeout(10_000) });
  expect(viewer.errors).toBeUndefined();
}

it('answers a mutation whose commit fails as an internal error, writes nothing, and keeps serving', async () => {
  const sirets: string[] = [];
  await refusingAtCommit('company', `new.name = '${REFUSED_AT_COMMIT}'`, async () => {
    for (let attempt = 0; attempt < FAILURES; attempt++) {
      const siret = newSiret();
      sirets.push(siret);
      const fields = { siret, name: REFUSED_AT_COMMIT, nafCode: '43.99C', headcountBand: 'FROM_10_TO_49' as const, kind: 'ORDINARY' as const };
      const answer = await execute(api.url, RegisterCompanyDocument, { fields }, { token, signal: AbortSignal.timeout(10_000) });
      expect([answer.status, answer.errors?.[0]?.extensions?.code]).toEqual([500, 'INTERNAL']);
    }
  });
  expect(await sql('select siret from company where siret = any($1)', [sirets])).toEqual([]);
  await stillServes();
}, 120_000);

it('keeps serving after exports whose record of the identities read fails at commit', async () => {
  const [before] = await sql<{ count: string }>('select count(*) from identity_read');
  await refusingAtCommit('identity_read', 'true', async () => {
    for (let attempt = 0; attempt < FAILURES; attempt++) {
      const response = await fetch(new URL('/exports/follow-up.csv', api.url), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer().catch(() => undefined);
    }
  });
  expect(await sql<{ count: string }>('select count(*) from identity_read')).toEqual([before]);
  await stillServes();
}, 120_000);
