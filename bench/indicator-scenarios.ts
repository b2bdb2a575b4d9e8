/**
 * What npm run bench:indicators asks, and of whom: the coordinator of a generated charter, a PLIE, a buyer
 * that signed the charter and a Département, each a user created for the run; and for each question the
 * hand-written SQL over the ordinary tables (monthly_hours ⋈ placement ⋈ market) that gives its main
 * figures, as the owner, for the baseline.
 */
import { withClient } from '../src/db/roles.js';
import { toGlobalId } from '../src/graphql/relay/global-id.js';
import { periodOf, type PeriodSpec } from '../src/indicators/period.js';

/** Charter and organisation indicators must answer within `LOCAL_P95_MS` at the 95th percentile, the whole platform's within `PLATFORM_P95_MS`. */
export const LOCAL_P95_MS = 100;
export const PLATFORM_P95_MS = 500;

/**
 * What a dashboard shows: every figure and breakdown, without the list of markets (one row per market of the
 * scope); with each signatory's share or not.
 */
export const indicatorsQuery = (bySignatory: boolean) => `fragment Figures on IndicatorSet {
  realised { hours etp } planned { hours etp marketsStated marketsComputed marketsUnknown }
  hoursByNature { key hours } plannedByNature { key hours } marketsByClause { key value } hoursByModality { key hours } hoursByContractType { key hours }
  people { value suppressed } peopleBySex { key value suppressed } peopleByAgeBand { key value suppressed } youngPeople { key value suppressed }
  peopleByQpv { key label value suppressed } peopleStatuses { key value suppressed }
  contracts { value suppressed } contractsByType { key value } contractsByModality { key value } contractsByDuration { key value }
  companies companiesByHeadcount { key value } companiesBySector { key value } companiesByKind { key value }
  exits { value suppressed } exitsByCategory { key value } targets { kind target achieved progress suppressed }
}
query Indicators($scope: IndicatorScopeInput!, $period: PeriodInput!) {
  indicators(scope: $scope, period: $period) {
    scope { kind name } period { start end }
    total { ...Figures } share { ...Figures }
    ${bySignatory ? 'bySignatory { organisationId name kind indicators { ...Figures } }' : ''}
  }
}`;

export interface Figures {
  hours: number;
  /** Null when suppressed. */
  people: number | null;
}

export interface IndicatorScenario {
  label: string;
  reach: 'local' | 'platform';
  /** Held to its reach's target, though the issue names none for it (the verdict says so apart). */
  beyondIssue?: boolean;
  email: string;
  variables: { scope: { kind: string; id?: string }; period: PeriodSpec };
  /** Whether the query asks for each signatory's share: the charter's signatories, or every PLIE for the whole platform. */
  bySignatory: boolean;
  /** One statement that returns `hours` and `people` of the whole scope, and `share_hours` and `share_people` when there is a share. */
  baseline: { sql: string; params: unknown[] };
  /** Whether the viewer reads the scope's counts of people protected (perturbed, docs/indicators.md), not exact: a buyer, a PLIE beyond its own people. */
  perturbed?: boolean;
  /** A write that changes the answer: one more hour on one monthly row of the scope and period. */
  write?: { sql: string; params: unknown[] };
}

/** The generated organisations and charter the scenarios ask about: those of "Département test 1". */
interface Subjects {
  charterId: string;
  plieId: string;
  buyerId: string;
  departementId: string;
  /** Its code: the console's Département page puts the PLIEs of its own département side by side. */
  departementCode: string;
  /** The État's prefecture, a signatory of the charter. */
  etatId: string;
  /** The buyer's market with the most placements: the drill-down to a market. */
  marketId: string;
}

async function findSubjects(ownerUrl: string): Promise<Subjects> {
  const { rows } = await withClient(ownerUrl, (client) =>
    client.query<{ charter_id: string; plie_id: string; buyer_id: string; departement_id: string; departement_code: string; etat_id: string }>(
      `select c.id as charter_id, c.coordinator_id as plie_id, d.id as departement_id, d.departement_code,
              (select s.organisation_id from charter_signatory s join organisation o on o.id = s.organisation_id
                where s.charter_id = c.id and o.kind = 'ETAT' order by o.name limit 1) as etat_id,
              (select s.organisation_id from charter_signatory s join organisation o on o.id = s.organisation_id
                where s.charter_id = c.id and o.kind = 'BAILLEUR'
                order by (select count(*) from market m where m.charter_id = c.id and m.buyer_id = o.id) desc, o.name limit 1) as buyer_id
         from charter c, organisation d
        where c.name = 'Charte locale d''insertion NPNRU test 1-1' and d.name = 'Département test 1' and d.kind = 'DEPARTEMENT'`,
    ),
  );
  const [row] = rows;
  if (!row?.buyer_id || !row.etat_id) throw new Error('"Département test 1" or its first charter is missing: seed:scale did not write them');
  const { rows: [market] } = await withClient(ownerUrl, (client) => client.query<{ id: string }>(
    `select m.id from market m where m.buyer_id = $1 order by (select count(*) from placement p where p.market_id = m.id) desc, m.id limit 1`, [row.buyer_id]));
  if (!market) throw new Error('the bench buyer has no market: seed:scale did not write them');
  return { charterId: row.charter_id, plieId: row.plie_id, buyerId: row.buyer_id, departementId: row.departement_id, departementCode: row.departement_code, etatId: row.etat_id, marketId: market.id };
}

/**
 * A viewer with one active membership, as the owner: the generated data has organisations but no users. Not
 * inserted again when a kept database has it: a Département member's second seat is refused before any conflict.
 */
async function ensureMember(ownerUrl: string, email: string, displayName: string, organisationId: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    await client.query(`insert into app_user (id, email, display_name) values (gen_random_uuid(), $1, $2) on conflict (email) do nothing`, [email, displayName]);
    await client.query(
      `insert into membership (id, user_id, organisation_id, role)
       select gen_random_uuid(), u.id, $2, 'VIEWER' from app_user u
        where u.email = $1 and not exists (select from membership m where m.user_id = u.id and m.organisation_id = $2)`,
      [email, organisationId],
    );
  });
}

const BENCH_USERS = {
  plie: { email: 'plie@indicateurs.demo', name: 'Coordination PLIE (bench)' },
  buyer: { email: 'bailleur@indicateurs.demo', name: 'Bailleur signataire (bench)' },
  departement: { email: 'departement@indicateurs.demo', name: 'Département (bench)' },
  etat: { email: 'etat@indicateurs.demo', name: 'Préfecture signataire (bench)' },
} as const;

/**
 * Hours reported for the months of the period and the distinct people with hours, over the ordinary
 * tables, for the markets and people that `where` keeps; `share` adds the same figures for a part of them.
 */
function baselineSql(period: PeriodSpec, where: string, whereParams: unknown[], share?: { where: string; params: unknown[] }) {
  const { start, end } = periodOf(period);
  const first = 3 + whereParams.length;
  const shareColumns = share
    ? `, coalesce(sum(h.hours) filter (where ${share.where.replaceAll('$S', `$${first}`)}), 0) as share_hours,
         count(distinct p.beneficiary_id) filter (where ${share.where.replaceAll('$S', `$${first}`)}) as share_people`
    : '';
  return {
    sql: `select coalesce(sum(h.hours), 0) as hours, count(distinct p.beneficiary_id) as people${shareColumns}
            from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
            join beneficiary b on b.id = p.beneficiary_id
           where h.month >= $1::date and h.month < $2::date and h.hours > 0 and ${where}`,
    params: [start, end, ...whereParams, ...(share?.params ?? [])],
  };
}

/** The subjects, with a bench user a member of each organisation that views them. */
async function subjectsAndViewers(ownerUrl: string): Promise<Subjects> {
  const subjects = await findSubjects(ownerUrl);
  await ensureMember(ownerUrl, BENCH_USERS.plie.email, BENCH_USERS.plie.name, subjects.plieId);
  await ensureMember(ownerUrl, BENCH_USERS.buyer.email, BENCH_USERS.buyer.name, subjects.buyerId);
  await ensureMember(ownerUrl, BENCH_USERS.departement.email, BENCH_USERS.departement.name, subjects.departementId);
  await ensureMember(ownerUrl, BENCH_USERS.etat.email, BENCH_USERS.etat.name, subjects.etatId);
  return subjects;
}

/** The bench users, then the seven questions of the benchmark. */
export async function buildIndicatorScenarios(ownerUrl: string): Promise<IndicatorScenario[]> {
  const subjects = await subjectsAndViewers(ownerUrl);
  const charter = { kind: 'CHARTER', id: toGlobalId('Charter', subjects.charterId) };
  const semester = { semester: '2025-S1' };
  const year = { year: 2025 };
  const ofCharter = (period: PeriodSpec, share?: { where: string; params: unknown[] }) => baselineSql(period, 'm.charter_id = $3', [subjects.charterId], share);
  const everything = (period: PeriodSpec) => baselineSql(period, 'true', []);
  const { start, end } = periodOf(semester);
  const write = {
    sql: `update monthly_hours set hours = hours + 1 where id = (
            select h.id from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
             where m.charter_id = $1 and h.month >= $2::date and h.month < $3::date and h.hours between 1 and 150 order by h.id limit 1)`,
    params: [subjects.charterId, start, end],
  };
  const departement = BENCH_USERS.departement.email;
  const platform = { kind: 'EVERYTHING' };
  return [
    {
      label: 'charter, coordinator, semester (+ each signatory)', reach: 'local', email: BENCH_USERS.plie.email, variables: { scope: charter, period: semester },
      bySignatory: true, baseline: ofCharter(semester), write,
    },
    { label: 'charter, coordinator, year (+ each signatory)', reach: 'local', email: BENCH_USERS.plie.email, variables: { scope: charter, period: year }, bySignatory: true, baseline: ofCharter(year) },
    {
      label: 'charter, buyer (total + share), year', reach: 'local', email: BENCH_USERS.buyer.email, variables: { scope: charter, period: year }, bySignatory: false, perturbed: true,
      baseline: ofCharter(year, { where: 'm.buyer_id = $S', params: [subjects.buyerId] }),
    },
    {
      label: 'organisation, the PLIE itself, year', reach: 'local', email: BENCH_USERS.plie.email, bySignatory: false, perturbed: true,
      variables: { scope: { kind: 'ORGANISATION', id: toGlobalId('Organisation', subjects.plieId) }, period: year },
      baseline: baselineSql(year, '(m.buyer_id = $3 or m.facilitator_id = $3 or b.followed_by_id = $3)', [subjects.plieId]),
    },
    { label: 'whole platform, Département, year', reach: 'platform', email: departement, variables: { scope: platform, period: year }, bySignatory: false, baseline: everything(year) },
    { label: 'whole platform, Département, semester', reach: 'platform', email: departement, variables: { scope: platform, period: semester }, bySignatory: false, baseline: everything(semester) },
    {
      label: 'whole platform + every PLIE, year', reach: 'platform', beyondIssue: true, email: departement, variables: { scope: platform, period: year }, bySignatory: true,
      baseline: everything(year),
    },
  ];
}

interface Answer {
  data?: { indicators: { total: { realised: { hours: number }; people: { value: number | null } }; share: { realised: { hours: number }; people: { value: number | null } } | null } };
  errors?: unknown[];
}

/** The API's main figures, or an error when it answered with errors. */
export function apiFigures(body: unknown): { total: Figures; share: Figures | null } {
  const answer = body as Answer;
  if (answer.errors || !answer.data) throw new Error(`the API answered with errors: ${JSON.stringify(answer.errors ?? body).slice(0, 1_000)}`);
  const figures = (set: { realised: { hours: number }; people: { value: number | null } }) => ({ hours: set.realised.hours, people: set.people.value });
  const { total, share } = answer.data.indicators;
  return { total: figures(total), share: share && figures(share) };
}

/** How far a protected count may be from the truth (src/indicators/disclosure.ts). */
const PERTURBATION = 2;

/**
 * Throws unless the API's figures are the baseline's: hours to the hundredth, people exactly (unless
 * suppressed), or within the perturbation when the viewer reads them protected.
 */
export function checkSame(label: string, api: Figures, baseline: Figures, perturbed = false): void {
  const hoursDiffer = Math.round(api.hours * 100) !== Math.round(baseline.hours * 100);
  const peopleDiffer = api.people !== null && Math.abs(api.people - baseline.people!) > (perturbed ? PERTURBATION : 0);
  if (hoursDiffer || peopleDiffer) throw new Error(`${label}: the API says ${JSON.stringify(api)}, the baseline ${JSON.stringify(baseline)}`);
}

/** Each dashboard of the console must have its data within this at the 95th percentile, at N = 100 (issue 17). */
export const DASHBOARD_P95_MS = 500;

/** A request of the console: one of its operations (console-operations.ts) with the variables its page gives. */
export interface ConsoleRequest {
  operation: string;
  variables?: Record<string, unknown>;
}

/** A dashboard's data as the console asks for it, and of whom. */
export interface DashboardScenario {
  label: string;
  email: string;
  /** One after the other; each step's requests at once, as the page sends them. */
  steps: ConsoleRequest[][];
}

/** The months of a year as the Département's dashboard asks for them (console/src/pages/dashboards/figures.ts, monthsOf). */
function monthsOf(year: number): Record<string, { from: string; to: string }> {
  return Object.fromEntries(Array.from({ length: 12 }, (_, index) => {
    const month = String(index + 1).padStart(2, '0');
    const last = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
    return [`m${index + 1}`, { from: `${year}-${month}-01`, to: `${year}-${month}-${last}` }];
  }));
}

/** The semesters of the years from `first` to `last`: those the charter's trend lists, one request each. */
const semestersOf = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, index) => [`${first + index}-S1`, `${first + index}-S2`]).flat();

/**
 * The console's dashboards (console/src/pages/dashboards), each as the viewer who opens it, for 2025 (the
 * generated data's last year) and its first semester: the Département's page (the platform with its own département's PLIEs,
 * the twelve months, the charters against their targets) and its drill-down to a PLIE, a buyer's own markets and one
 * of them, and a charter's page as its coordinator (the PLIE), a buyer that signed it and the État, with its trend of
 * every semester since 2016. Each step waits for the one before, as the page shows a part once the part above it has
 * its figures; the requests of a step go together.
 */
export async function buildDashboardScenarios(ownerUrl: string): Promise<DashboardScenario[]> {
  const subjects = await subjectsAndViewers(ownerUrl);
  const year = 2025;
  const semester = '2025-S1';
  const charter = toGlobalId('Charter', subjects.charterId);
  const plie = toGlobalId('Organisation', subjects.plieId);
  const buyer = toGlobalId('Organisation', subjects.buyerId);
  const market = toGlobalId('Market', subjects.marketId);
  const months = (scope: { kind: string; id?: string }) => ({ operation: 'MonthlyHours', variables: { scope, ...monthsOf(year) } });
  const charterPage = [[{ operation: 'DashboardCharters' }], [{ operation: 'CharterDashboard', variables: { charter, semester } }]];
  const { departement, plie: coordinator, buyer: signatory, etat } = BENCH_USERS;
  return [
    {
      label: 'Département: the platform + its PLIEs, year', email: departement.email,
      steps: [[{ operation: 'DepartementDashboard', variables: { year, departementCode: subjects.departementCode } }, { operation: 'DepartementsOfPlatform' }]],
    },
    { label: 'Département: hours month by month (12 aliases)', email: departement.email, steps: [[months({ kind: 'EVERYTHING' })]] },
    {
      // A page of ten charters, each row its own request (the console's; the bench's charter stands for each of them).
      label: 'Département: the charters against their targets', email: departement.email,
      steps: [[{ operation: 'ChartersOfPlatform', variables: { first: 10 } }], Array.from({ length: 10 }, () => ({ operation: 'CharterYear', variables: { charter, year } }))],
    },
    {
      label: 'Département: drill-down to a PLIE, year', email: departement.email,
      steps: [[{ operation: 'OrganisationOfDrillDown', variables: { id: plie } }],
        [{ operation: 'OrganisationDashboard', variables: { organisation: plie, year, markets: { facilitatorId: plie } } }], [months({ kind: 'ORGANISATION', id: plie })]],
    },
    {
      label: 'buyer: its markets, year', email: signatory.email,
      steps: [[{ operation: 'OrganisationDashboard', variables: { organisation: buyer, year, markets: { buyerId: buyer } } }], [months({ kind: 'ORGANISATION', id: buyer })]],
    },
    {
      label: 'buyer: one of its markets, year', email: signatory.email,
      steps: [[{ operation: 'MarketOfDashboard', variables: { id: market } }],
        [{ operation: 'MarketToDate', variables: { market, to: `${year}-12-31` } }, { operation: 'MarketYear', variables: { market, year } }], [months({ kind: 'MARKET', id: market })]],
    },
    { label: 'coordinator (PLIE): the charter, semester', email: coordinator.email, steps: charterPage },
    { label: 'buyer: the charter it signed, semester', email: signatory.email, steps: charterPage },
    { label: 'État: the charter it signed, semester', email: etat.email, steps: charterPage },
    {
      label: 'coordinator (PLIE): the charter\'s trend, 20 semesters', email: coordinator.email,
      steps: [semestersOf(2016, year).map((each) => ({ operation: 'CharterSemester', variables: { charter, semester: each } }))],
    },
  ];
}
