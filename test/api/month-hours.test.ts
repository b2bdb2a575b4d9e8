/**
 * The monthly hours grid's API: the placements running in a month with that month's and the previous month's
 * figures, and the month's figures saved together, all or nothing, the problems named by line.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { MAX_MONTH_LINES } from '../../src/follow-up/hours.js';
import { MonthHoursGridDocument, PlacementsMonthByMonthDocument, ReportMonthHoursDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
let token: string;
let organisationId: string;
/** The month with the most running placements of the PLIE, and the month before. */
let month: string;
let previous: string;
let statements = 0;

// A PLIE other than the Calaisis, whose grid the console's browser test fills.
const EDITOR = 'editor@plie-lens-lievin.demo';

beforeAll(async () => {
  api = await startTestApi({ onQuery: () => { statements += 1; } });
  token = await tokenFor(EDITOR);
  const [row] = await sql<{ organisation_id: string; month: string; previous: string }>(
    `select m.organisation_id, to_char(months.month, 'YYYY-MM-DD') as month, to_char(months.month - interval '1 month', 'YYYY-MM-DD') as previous
       from app_user u join membership m on m.user_id = u.id and m.active,
            lateral (select date_trunc('month', p.start_date)::date + interval '1 month' as month, count(*) as running
                       from placement p join beneficiary b on b.id = p.beneficiary_id
                      where b.followed_by_id = m.organisation_id and (p.end_date is null or p.end_date >= date_trunc('month', p.start_date) + interval '2 months')
                      group by 1 order by 2 desc, 1 limit 1) months
      where u.email = $1`,
    [EDITOR],
  );
  ({ organisation_id: organisationId, month, previous } = row!);
});
afterAll(() => api.close());

const grid = async () => {
  const response = await execute(api.url, MonthHoursGridDocument, { month, previous, first: 1000 }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.placements;
};

const stored = async (placementIds: string[]) => sql<{ placement_id: string; hours: string }>(
  "select placement_id, hours::text from monthly_hours where placement_id = any($1::uuid[]) and month = $2::date order by placement_id",
  [placementIds, month],
);

const rawId = (id: string) => parseGlobalId(id)!.id;

describe('the monthly hours grid', () => {
  it('lists the placements running in the month, with the figures of that month and of the month before', async () => {
    const { nodes, totalCount } = await grid();
    const [expected] = await sql<{ count: number }>(
      `select count(*)::int as count from placement p join beneficiary b on b.id = p.beneficiary_id left join market m on m.id = p.market_id
        where (b.followed_by_id = $1 or m.facilitator_id = $1) and p.start_date <= ($2::date + interval '1 month' - interval '1 day') and (p.end_date is null or p.end_date >= $2::date)`,
      [organisationId, month],
    );
    expect(totalCount).toBe(expected!.count);
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) {
      expect(node.startDate <= `${month.slice(0, 7)}-31`).toBe(true);
      expect(node.endDate == null || node.endDate >= month).toBe(true);
    }
    const hours = await sql<{ placement_id: string; month: string; hours: string }>(
      "select placement_id, to_char(month, 'YYYY-MM-DD') as month, hours::text from monthly_hours where placement_id = any($1::uuid[]) and month in ($2::date, $3::date)",
      [nodes.map((node) => rawId(node.id)), month, previous],
    );
    const figure = (id: string, which: string) => {
      const row = hours.find((candidate) => candidate.placement_id === rawId(id) && candidate.month === which);
      return row ? Number(row.hours) : null;
    };
    for (const node of nodes) {
      expect(node.hours).toBe(figure(node.id, month));
      expect(node.previous).toBe(figure(node.id, previous));
    }
    expect(nodes.some((node) => node.previous !== null)).toBe(true);
  });

  it('costs the same number of SQL statements for one line and for a page of them, with people, companies, markets and both months', async () => {
    const count = async (first: number) => {
      statements = 0;
      const response = await execute(api.url, MonthHoursGridDocument, { month, previous, first }, { token });
      const sent = statements;
      expect(response.errors).toBeUndefined();
      expect(response.data!.placements.nodes).toHaveLength(Math.min(first, response.data!.placements.totalCount));
      expect(response.data!.placements.nodes.some((node) => node.beneficiary.identity?.lastName && node.company.name)).toBe(true);
      return sent;
    };
    await count(1);
    const one = await count(1);
    expect(await count(30)).toBe(one);
  });

  it('gives each placement its months as reported, oldest first, in as many statements for one placement as for a page', async () => {
    const count = async (first: number) => {
      statements = 0;
      const response = await execute(api.url, PlacementsMonthByMonthDocument, { first }, { token });
      expect(response.errors).toBeUndefined();
      return { statements, nodes: response.data!.placements.nodes };
    };
    const one = await count(1);
    const page = await count(100);
    expect(page.statements).toBe(one.statements);
    const reported = await sql<{ placement_id: string; month: string; hours: string }>(
      "select placement_id, to_char(month, 'YYYY-MM-DD') as month, hours::text from monthly_hours where placement_id = any($1::uuid[]) order by placement_id, month",
      [page.nodes.map((node) => rawId(node.id))],
    );
    for (const node of page.nodes) {
      const expected = reported.filter((row) => row.placement_id === rawId(node.id)).map((row) => ({ month: row.month, hours: Number(row.hours) }));
      expect({ id: node.id, months: node.monthlyHours }).toEqual({ id: node.id, months: expected });
    }
    expect(page.nodes.some((node) => node.monthlyHours.length > 1)).toBe(true);
  });

  it('saves every line together, each written in the audit trail', async () => {
    const lines = (await grid()).nodes.slice(0, 3).map((node, index) => ({ placementId: node.id, hours: 100 + index + 0.5, version: node.version }));
    const ids = lines.map((line) => rawId(line.placementId));
    const response = await execute(api.url, ReportMonthHoursDocument, { input: { month, lines } }, { token });
    expect(response.errors).toBeUndefined();
    expect(response.data!.reportMonthHours.map((placement) => placement.id)).toEqual(lines.map((line) => line.placementId));
    expect((await stored(ids)).map((row) => Number(row.hours)).sort()).toEqual([100.5, 101.5, 102.5]);
    const trail = await sql<{ count: number }>(
      `select count(distinct h.placement_id)::int as count from audit_event e join monthly_hours h on h.id = e.entity_id
        where e.entity = 'MonthlyHours' and h.placement_id = any($1::uuid[]) and h.month = $2::date and (e.changes->>'hours')::numeric = h.hours`,
      [ids, month],
    );
    expect(trail[0]!.count).toBe(3);
    expect((await grid()).nodes.filter((node) => ids.includes(rawId(node.id))).map((node) => node.hours).sort()).toEqual([100.5, 101.5, 102.5]);
  });

  it('checks and saves a month of many lines in as many statements as a month of two', async () => {
    const nodes = (await grid()).nodes;
    expect(nodes.length).toBeGreaterThan(3);
    const saved = async (count: number, hours: number) => {
      const lines = nodes.slice(0, count).map((node) => ({ placementId: node.id, hours, version: node.version }));
      statements = 0;
      const response = await execute(api.url, ReportMonthHoursDocument, { input: { month, lines } }, { token });
      expect(response.errors).toBeUndefined();
      return statements;
    };
    // Every line reported once first: the two months compared then both replace figures (no insert beside an update).
    await saved(nodes.length, 90);
    expect(await saved(nodes.length, 92)).toBe(await saved(2, 93));
  });

  it('writes nothing when one line is refused, and names the line and the field, in French', async () => {
    const nodes = (await grid()).nodes.slice(0, 3);
    const ids = nodes.map((node) => rawId(node.id));
    const before = await stored(ids);
    const lines = nodes.map((node, index) => ({ placementId: node.id, hours: index === 1 ? -4 : 150 + index }));
    const response = await execute(api.url, ReportMonthHoursDocument, { input: { month, lines } }, { token });
    expect(response.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toBe('Rien n’a été enregistré : 1 ligne refusée sur 3');
    expect(response.errors?.[0]?.extensions.problems).toEqual([{ field: 'lines.1.hours', code: 'NEGATIVE_VALUE', message: 'Le nombre d’heures ne peut pas être négatif' }]);
    expect(await stored(ids)).toEqual(before);

    const many = await execute(api.url, ReportMonthHoursDocument, {
      input: { month, lines: [{ placementId: nodes[0]!.id, hours: 500 }, { placementId: nodes[1]!.id, hours: 10, version: nodes[1]!.version + 7 }, { placementId: nodes[0]!.id, hours: 1 }] },
    }, { token });
    expect((many.errors?.[0]?.extensions.problems as { field: string; code: string }[]).map(({ field, code }) => `${field} ${code}`)).toEqual([
      'lines.0.hours ABOVE_LEGAL_MAXIMUM', 'lines.1.version STALE_VERSION', 'lines.2.placementId DUPLICATE_LINE',
    ]);
    expect(many.errors?.[0]?.message).toBe('Rien n’a été enregistré : 3 lignes refusées sur 3');
    expect(await stored(ids)).toEqual(before);
  });

  it("refuses another PLIE's placement, as not found, and a month outside a placement, writing nothing", async () => {
    const nodes = (await grid()).nodes.slice(0, 2);
    const [foreign] = await sql<{ id: string }>(
      `select p.id from placement p join beneficiary b on b.id = p.beneficiary_id join market m on m.id = p.market_id
        where b.followed_by_id <> $1 and m.facilitator_id is distinct from $1 order by p.id limit 1`,
      [organisationId],
    );
    // A placement of the PLIE the month is outside of: ended before it, or started after it (other suites may have
    // imported placements that move the busiest month to the platform's first ones, before which none has ended).
    const [ended] = await sql<{ id: string }>(
      `select p.id from placement p join beneficiary b on b.id = p.beneficiary_id
        where b.followed_by_id = $1 and (p.end_date < $2::date or date_trunc('month', p.start_date) > $2::date) order by p.id limit 1`,
      [organisationId, month],
    );
    const ids = [...nodes.map((node) => rawId(node.id)), foreign!.id, ended!.id];
    const before = await stored(ids);
    const response = await execute(api.url, ReportMonthHoursDocument, {
      input: {
        month,
        lines: [
          { placementId: nodes[0]!.id, hours: 20 },
          { placementId: toGlobalId('Placement', foreign!.id), hours: 20 },
          { placementId: nodes[1]!.id, hours: 20 },
          { placementId: toGlobalId('Placement', ended!.id), hours: 20 },
          { placementId: toGlobalId('Placement', randomUUID()), hours: 20 },
        ],
      },
    }, { token });
    expect((response.errors?.[0]?.extensions.problems as { field: string; code: string }[]).map(({ field, code }) => `${field} ${code}`)).toEqual([
      'lines.1.placementId NOT_FOUND', 'lines.3.month MONTH_OUTSIDE_PLACEMENT', 'lines.4.placementId NOT_FOUND',
    ]);
    expect(await stored(ids)).toEqual(before);
  });

  it('refuses the line of a person whose follow-up is frozen (restricted), writing nothing', async () => {
    const nodes = (await grid()).nodes.slice(0, 2);
    const ids = nodes.map((node) => rawId(node.id));
    const before = await stored(ids);
    const [person] = await sql<{ beneficiary_id: string }>('select beneficiary_id from placement where id = $1', [ids[1]]);
    await sql('update beneficiary set restricted_at = now() where id = $1', [person!.beneficiary_id]);
    try {
      const response = await execute(api.url, ReportMonthHoursDocument, {
        input: { month, lines: nodes.map((node) => ({ placementId: node.id, hours: 33 })) },
      }, { token });
      expect(response.errors?.[0]?.extensions.problems).toEqual([expect.objectContaining({ field: 'lines.1.placementId', code: 'RESTRICTED' })]);
      expect(await stored(ids)).toEqual(before);
    } finally {
      await sql('update beneficiary set restricted_at = null where id = $1', [person!.beneficiary_id]);
    }
  });

  it(`refuses more than ${MAX_MONTH_LINES} lines, in French, and a buyer`, async () => {
    const [node] = (await grid()).nodes;
    const lines = Array.from({ length: MAX_MONTH_LINES + 1 }, () => ({ placementId: node!.id, hours: 1 }));
    const tooMany = await execute(api.url, ReportMonthHoursDocument, { input: { month, lines } }, { token });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ field: 'lines', code: 'TOO_MANY_LINES' })] });
    expect(tooMany.errors?.[0]?.message).toBe(`Au plus ${MAX_MONTH_LINES} lignes par enregistrement (${MAX_MONTH_LINES + 1} reçues) : enregistrez le mois en plusieurs fois`);

    const before = await stored([rawId(node!.id)]);
    const buyer = await execute(api.url, ReportMonthHoursDocument, { input: { month, lines: [{ placementId: node!.id, hours: 3 }] } }, { token: await tokenFor('editor@ville-calais.demo') });
    expect(buyer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await stored([rawId(node!.id)])).toEqual(before);
  });
});
