import type { Api } from '../../src/app.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, importFile } from '../support/imports.js';
import { sql } from '../support/sql.js';

interface PlacementCase { id: string; reference: string; buyer_siret: string | null; start_date: string; lot_number: number; hours: number }

let api: Api;
let plie: { organisationId: string; token: string };
/** A placement of a person the PLIE follows on a market another PLIE facilitates, and one on a market no PLIE facilitates. */
let placements: [string, PlacementCase][];

const CASE_COLUMNS = `p.id, m.reference, o.siret as buyer_siret, to_char(p.start_date, 'DD/MM/YYYY') as start_date, l.number as lot_number,
  (select count(*)::int from monthly_hours h where h.placement_id = p.id) as hours`;

beforeAll(async () => {
  api = await startTestApi();
  const [foreign] = await sql<PlacementCase & { email: string; organisation_id: string }>(
    `select ${CASE_COLUMNS}, u.email, b.followed_by_id as organisation_id
       from placement p join beneficiary b on b.id = p.beneficiary_id join market m on m.id = p.market_id
       join organisation o on o.id = m.buyer_id join lot l on l.id = p.lot_id
       join membership ms on ms.organisation_id = b.followed_by_id and ms.role = 'EDITOR' and ms.active join app_user u on u.id = ms.user_id
      where m.facilitator_id <> b.followed_by_id and m.buyer_id <> b.followed_by_id and exists (select from monthly_hours h where h.placement_id = p.id)
        and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by m.reference, p.id limit 1`,
  );
  plie = { organisationId: foreign!.organisation_id, token: await tokenFor(foreign!.email) };
  // The same person and contract, on the market no PLIE facilitates (a draft), with the same hours.
  const [copy] = await sql<{ id: string }>(
    `insert into placement (id, beneficiary_id, company_id, market_id, lot_id, contract_type, modality, start_date, end_date, weekly_hours)
     select gen_random_uuid(), p.beneficiary_id, p.company_id, m.id, l.id, p.contract_type, p.modality, p.start_date, p.end_date, p.weekly_hours
       from placement p, market m join lot l on l.market_id = m.id where p.id = $1 and m.facilitator_id is null
      order by m.reference, l.number limit 1
     returning id`, [foreign!.id]);
  await sql('insert into monthly_hours (id, placement_id, month, hours) select gen_random_uuid(), $2, month, hours from monthly_hours where placement_id = $1', [foreign!.id, copy!.id]);
  const [unfacilitated] = await sql<PlacementCase>(
    `select ${CASE_COLUMNS} from placement p join market m on m.id = p.market_id join organisation o on o.id = m.buyer_id join lot l on l.id = p.lot_id
      where p.id = $1`, [copy!.id]);
  placements = [['another PLIE facilitates', foreign!], ['no PLIE facilitates', unfacilitated!]];
});
afterAll(async () => {
  const copy = placements?.[1]?.[1].id;
  if (copy) {
    await sql('delete from monthly_hours where placement_id = $1', [copy]);
    await sql('delete from placement where id = $1', [copy]);
  }
  await api.close();
});

async function download(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const response = await fetch(new URL(`/exports/follow-up.${format}`, api.url), { headers: { authorization: `Bearer ${plie.token}` } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** The CSV's lines as records by header (no cell of the demo data is quoted). */
function records(file: Buffer): Record<string, string>[] {
  const [header, ...lines] = file.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(';'));
  return lines.map((cells) => Object.fromEntries(header!.map((name, index) => [name, cells[index] ?? ''])));
}

/** Every row the PLIE's export covers, with its version: what an import of the export must leave alone. */
function followUpState() {
  return sql<{ id: string; version: number }>(
    `select b.id, b.version from beneficiary b where b.followed_by_id = $1
     union all select p.id, p.version from placement p join beneficiary b on b.id = p.beneficiary_id where b.followed_by_id = $1
     union all select h.id, h.version from monthly_hours h join placement p on p.id = h.placement_id join beneficiary b on b.id = p.beneficiary_id
      where b.followed_by_id = $1 order by id`,
    [plie.organisationId],
  );
}

/** How many hours lines the people the PLIE follows have, whatever the market. */
async function hoursOfFollowedPeople(): Promise<number> {
  const [expected] = await sql<{ count: number }>(
    `select count(*)::int from monthly_hours h join placement p on p.id = h.placement_id join beneficiary b on b.id = p.beneficiary_id
      where b.followed_by_id = $1`, [plie.organisationId]);
  return expected!.count;
}

describe("a PLIE's follow-up export, whoever facilitates the markets its people work on", () => {
  it('holds every hours line of the people the PLIE follows', async () => {
    const lines = records(await download('csv'));
    expect(lines.filter((line) => line.Mois)).toHaveLength(await hoursOfFollowedPeople());
    for (const [facilitated, placement] of placements) {
      const ofPlacement = lines.filter((line) => line['Référence du marché'] === placement.reference && line['Date de début'] === placement.start_date
        && line['SIRET acheteur'] === (placement.buyer_siret ?? ''));
      expect({ facilitated, hours: ofPlacement.filter((line) => line.Mois).length, lots: [...new Set(ofPlacement.map((line) => line['N° de lot']))] })
        .toEqual({ facilitated, hours: placement.hours, lots: [String(placement.lot_number)] });
    }
  });

  it.each([['csv', false], ['csv', true], ['xlsx', false]] as const)('is read back from %s (dry run: %s) without a write, a trace or a problem', async (format, dryRun) => {
    const file = await download(format);
    const before = await followUpState();
    const job = await importFile(api.url, file, { token: plie.token, fileName: `suivi.${format}`, dryRun });
    expect(job).toMatchObject({
      status: 'COMPLETED', problemCount: 0,
      counts: {
        refused: 0, beneficiariesCreated: 0, beneficiariesUpdated: 0, placementsCreated: 0, placementsUpdated: 0, hoursCreated: 0, hoursUpdated: 0,
        hoursUnchanged: await hoursOfFollowedPeople(),
      },
    });
    expect(await followUpState()).toEqual(before);
    expect(await sql("select entity from audit_event where request_id = $1 and entity <> 'ImportJob'", [parseGlobalId(job.id)!.id])).toEqual([]);
  });

  it('names no market the PLIE neither facilitates nor has one of its people on', async () => {
    const [line] = records(await download('csv')).filter((record) => record['Référence du marché'] === placements[0]![1].reference && record.Mois);
    const [other] = await sql<{ reference: string; siret: string }>(
      `select m.reference, o.siret from market m join organisation o on o.id = m.buyer_id
        where m.facilitator_id <> $1 and m.buyer_id <> $1 and o.siret is not null
          and not exists (select from placement p join beneficiary b on b.id = p.beneficiary_id where p.market_id = m.id and b.followed_by_id = $1)
        order by m.reference limit 1`, [plie.organisationId]);
    const moved = { ...line!, 'Référence du marché': other!.reference, 'SIRET acheteur': other!.siret, 'N° de lot': '' };
    const job = await importFile(api.url, excelCsv([Object.keys(moved), Object.values(moved)]), { token: plie.token, dryRun: true });
    expect(job.problems.map(({ column, code }) => ({ column, code }))).toEqual([{ column: 'Référence du marché', code: 'UNKNOWN_MARKET' }]);
  });
});
