/**
 * A mutation whose COMMIT fails (a deferred constraint, a serialisation failure, the connection lost at that
 * moment) is answered as an internal error, writes nothing, and gives its connection back to the pool.
 */
import type { Api } from '../../src/app.js';
import { RegisterCompanyDocument, ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { newSiret } from '../support/companies.js';
import { sql } from '../support/sql.js';

const REFUSED_AT_COMMIT = 'Refusée au commit';
/** More than the API's pool holds (src/app.ts): a connection kept by each failure would leave none. */
const FAILURES = 25;

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
  await sql(`create function refuse_at_commit() returns trigger language plpgsql as $$
               begin raise exception 'refusée au commit' using errcode = 'check_violation'; end $$`);
  await sql(`create constraint trigger refuse_at_commit after insert on company deferrable initially deferred
               for each row when (new.name = '${REFUSED_AT_COMMIT}') execute function refuse_at_commit()`);
});
afterAll(async () => {
  await sql('drop trigger if exists refuse_at_commit on company');
  await sql('drop function if exists refuse_at_commit()');
  await api.close();
});

it('answers a commit that fails as an internal error, writes nothing, and keeps serving', async () => {
  const token = await tokenFor('editor@fabrique-defi.demo');
  const sirets: string[] = [];
  for (let attempt = 0; attempt < FAILURES; attempt++) {
    const siret = newSiret();
    sirets.push(siret);
    const fields = { siret, name: REFUSED_AT_COMMIT, nafCode: '43.99C', headcountBand: 'FROM_10_TO_49' as const, kind: 'ORDINARY' as const };
    const answer = await execute(api.url, RegisterCompanyDocument, { fields }, { token, signal: AbortSignal.timeout(10_000) });
    expect([answer.status, answer.errors?.[0]?.extensions?.code]).toEqual([500, 'INTERNAL']);
  }
  expect(await sql('select siret from company where siret = any($1)', [sirets])).toEqual([]);
  const viewer = await execute(api.url, ViewerDocument, {}, { token, signal: AbortSignal.timeout(10_000) });
  expect(viewer.errors).toBeUndefined();
}, 120_000);
