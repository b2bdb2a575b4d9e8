/**
 * One person's record, for the rights of access and portability (issue 15, point 2): as JSON, every part of it; as the
 * follow-up spreadsheet, the person's lines only, which the import reads back unchanged; for the PLIE that follows
 * the person only, never stored by a browser or a proxy.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { startTestApi, tokenFor } from '../support/api.js';
import { importFile } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

const run = promisify(execFile);
let api: Api;
let person: { id: string; last_name: string; email: string; organisation_id: string; placements: number; hours_lines: number; hours: string; exits: number };
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  // The person with the most hours lines among those followed by a PLIE that has an editor.
  const [found] = await sql<typeof person>(
    `select b.id, i.last_name, u.email, b.followed_by_id as organisation_id,
            (select count(*)::int from placement where beneficiary_id = b.id) as placements,
            (select count(*)::int from monthly_hours h join placement p on p.id = h.placement_id where p.beneficiary_id = b.id) as hours_lines,
            (select sum(h.hours)::text from monthly_hours h join placement p on p.id = h.placement_id where p.beneficiary_id = b.id) as hours,
            (select count(*)::int from beneficiary_exit where beneficiary_id = b.id) as exits
       from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id
       join membership ms on ms.organisation_id = b.followed_by_id and ms.role = 'EDITOR' and ms.active join app_user u on u.id = ms.user_id
      where u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by hours_lines desc, b.id limit 1`);
  person = found!;
  token = await tokenFor(person.email);
});
afterAll(() => api.close());

const get = (path: string, bearer = token) => fetch(new URL(path, api.url), { headers: { authorization: `Bearer ${bearer}` } });
const of = (format: string) => `/exports/person.${format}?id=${encodeURIComponent(toGlobalId('Beneficiary', person.id))}`;

describe("a person's record", () => {
  it('is the whole record as JSON: identity, statuses, placements with their hours, exits', async () => {
    const response = await get(of('json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="personne.json"');
    const record = await response.json() as {
      id: string; identity: { lastName: string }; statusesAtEntry: { entryDate: string };
      placements: { hours: { month: string; hours: number }[] }[]; exits: unknown[]; restrictedAt: null;
    };
    expect(record).toMatchObject({ id: person.id, identity: { lastName: person.last_name }, statusesAtEntry: { entryDate: expect.any(String) }, restrictedAt: null });
    expect(record.placements).toHaveLength(person.placements);
    const hours = record.placements.flatMap((placement) => placement.hours);
    expect(hours).toHaveLength(person.hours_lines);
    expect(hours.reduce((sum, line) => sum + Number(line.hours), 0)).toBeCloseTo(Number(person.hours), 2);
    expect(record.exits).toHaveLength(person.exits);
  });

  it("lists who read the person's identity to the PLIE's administrators, and tells an editor to ask them", async () => {
    const byEditor = await (await get(of('json'))).json() as { readBy: unknown; readByNote: string };
    expect(byEditor).toMatchObject({ readBy: null, readByNote: expect.stringMatching(/réservé aux administrateurs du PLIE/) });
    const [admin] = await sql<{ email: string; organisation: string }>(
      `select u.email, o.name as organisation from membership m join app_user u on u.id = m.user_id join organisation o on o.id = m.organisation_id
        where m.organisation_id = $1 and m.role = 'ADMIN' and m.active and u.email not like '%@test.demo'
          and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 order by u.email limit 1`, [person.organisation_id]);
    const record = await (await get(of('json'), await tokenFor(admin!.email))).json() as { readBy: { at: string; organisation: string; channel: string; requestId: string }[] };
    const recorded = await sql<{ request_id: string }>(
      `select request_id from identity_read where beneficiary_ids @> array[$1::uuid] order by created_at, id`, [person.id]);
    // Every read recorded before this one (the administrator's own is recorded as it is sent), the editor's among them.
    expect(record.readBy.map((read) => read.requestId)).toEqual(recorded.slice(0, -1).map((read) => read.request_id));
    expect(record.readBy.length).toBeGreaterThanOrEqual(2);
    expect(record.readBy.at(-1)).toMatchObject({ organisation: admin!.organisation, channel: 'PERSON_RECORD', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(JSON.stringify(record.readBy)).not.toContain(person.last_name);
  });

  it("is the person's lines of the follow-up spreadsheet, which the import reads back unchanged", async () => {
    const response = await get(of('csv'));
    expect(response.status).toBe(200);
    const file = Buffer.from(await response.arrayBuffer());
    const lines = file.toString('utf8').trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(person.hours_lines);
    expect(lines.every((line) => line.startsWith(`${person.last_name};`))).toBe(true);
    const job = await importFile(api.url, file, { token, fileName: 'personne.csv' });
    expect(job).toMatchObject({ status: 'COMPLETED', counts: { refused: 0, beneficiariesCreated: 0, hoursCreated: 0, hoursUnchanged: person.hours_lines } });
    const workbook = await get(of('xlsx'));
    expect([workbook.status, workbook.headers.get('content-type')]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
  });

  it('is served to many at once: more than the connections of the pool', async () => {
    // Each export holds a connection for its transaction; recording its reads must not wait for a second one.
    const answers = await Promise.all(Array.from({ length: 40 }, () => get(of('json')).then(async (answer) => [answer.status, (await answer.text()).length > 0])));
    expect(answers).toEqual(Array(40).fill([200, true]));
  }, 30_000);

  it('comes through the command line as through the API', async () => {
    const { stdout } = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli/export.js'), '--person', toGlobalId('Beneficiary', person.id),
      '--format', 'json', '--url', api.url, '--token', token], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(JSON.parse(stdout)).toEqual(await (await get(of('json'))).json());
  });

  it('is for the PLIE that follows the person: another PLIE is answered 404, a buyer 403, a request without a person 400', async () => {
    const [other] = await sql<{ email: string }>(
      `select u.email from app_user u join membership m on m.user_id = u.id and m.active and m.role = 'EDITOR' join organisation o on o.id = m.organisation_id
        where o.kind = 'PLIE' and o.id <> $1 and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1 limit 1`,
      [person.organisation_id]);
    const answers = await Promise.all([
      get(of('json'), await tokenFor(other!.email)),
      get(of('xlsx'), await tokenFor(other!.email)),
      get(of('json'), await tokenFor((await demoUser('BAILLEUR', 'EDITOR')).email)),
      get('/exports/person.json'),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 403, 400]);
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(bodies.join()).not.toContain(person.last_name);
  });
});
