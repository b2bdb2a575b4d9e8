/**
 * The demo data holds no audit event, no import job and no invitation: these writes, made through the API as
 * partners make them (and a file put back as waiting for its import), leave some for the oracle to decide on, among them events about the identity of a person
 * on RSA and of a person who is not (whom the Département may not identify).
 */
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { UpdateBeneficiaryDocument } from '../generated/graphql.js';
import { execute, tokenFor } from '../support/api.js';
import { excelCsv, importFile } from '../support/imports.js';
import { adminOf, invite, newEmail } from '../support/members.js';
import { sql } from '../support/sql.js';

export async function writeTraces(api: Api): Promise<void> {
  const [editor] = await sql<{ email: string; organisation_id: string }>(
    `select u.email, m.organisation_id from membership m join app_user u on u.id = m.user_id
      where m.active and m.role = 'EDITOR' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by (select count(*) from beneficiary b where b.followed_by_id = m.organisation_id) desc, u.email limit 1`,
  );
  const token = await tokenFor(editor!.email);
  const people = await sql<{ id: string; version: number }>(
    `(select id, version from beneficiary where followed_by_id = $1 and is_brsa order by id limit 1)
     union all (select id, version from beneficiary where followed_by_id = $1 and not is_brsa order by id limit 1)`,
    [editor!.organisation_id],
  );
  if (people.length !== 2) throw new Error('no person on RSA and no person off RSA followed by one PLIE');
  for (const person of people) {
    const input = { id: toGlobalId('Beneficiary', person.id), version: person.version, fields: { phone: '03 21 00 00 00' } };
    const updated = await execute(api.url, UpdateBeneficiaryDocument, { input }, { token });
    if (updated.errors) throw new Error(JSON.stringify(updated.errors));
  }
  const job = await importFile(api.url, excelCsv([['NOM', 'prenom']]), { token, dryRun: true });
  // A file's parts live only while its job waits or runs: one put back, as a file waiting for its import.
  await sql("insert into import_file_chunk (import_job_id, seq, bytes) values ($1, 0, convert_to('NOM;prenom', 'UTF8'))", [parseGlobalId(job.id)!.id]);
  const invited = await invite(api.url, await adminOf('PLIE'), newEmail());
  if (invited.errors) throw new Error(JSON.stringify(invited.errors));
}
