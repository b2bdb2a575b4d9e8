import fc from 'fast-check';
import type { Api } from '../../src/app.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  PropertyBeneficiariesDocument, PropertyMarketsDocument, PropertyPlacementsDocument,
  type BeneficiaryFilter, type BeneficiaryOrder, type BeneficiarySortField, type ClauseMechanism, type MarketFilter,
  type MarketNature, type MarketOrder, type MarketSortField, type MarketStatus, type PlacementFilter, type Sex,
  type SortDirection,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor, type GraphQLResponse } from '../support/api.js';
import { sql } from '../support/sql.js';
import { visibleTo, type Visible } from './oracle.js';
import { demoReaders } from './readers.js';

/*
 * Property-based isolation: random filters, sort orders, page sizes and cursors, for a random demo user of
 * each organisation, must never reach a row outside what the isolation oracle (oracle.ts) gives that organisation,
 * and must agree with the same filter applied in SQL to the visible rows.
 */

// ---- the demo data, read once as the owner ----

interface User { email: string; kind: string; organisationId: string; token: string; visible: Visible }

const users = new Map<string, User>();
for (const reader of await demoReaders(['VIEWER'])) {
  users.set(reader.email!, {
    email: reader.email!,
    kind: reader.kind,
    organisationId: reader.organisationId,
    token: await tokenFor(reader.email!),
    visible: await visibleTo(reader),
  });
}
const emails = [...users.keys()];
const userOf = (email: string) => users.get(email)!;
const departement = emails.find((email) => userOf(email).kind === 'DEPARTEMENT')!;

const column = async (text: string) => (await sql<{ value: string }>(text)).map((row) => row.value);
const all = {
  organisations: await column('select id as value from organisation'),
  markets: await column('select id as value from market'),
  beneficiaries: await column('select id as value from beneficiary'),
  companies: await column('select id as value from company'),
  placements: await column('select id as value from placement'),
};
const placed = {
  markets: await column('select distinct market_id as value from placement'),
  beneficiaries: await column('select distinct beneficiary_id as value from placement'),
  companies: await column('select distinct company_id as value from placement'),
};
const marketWords = await column(`select distinct regexp_split_to_table(reference || ' ' || object, '\\s+') as value from market`);
/** Values of every sort key (references, timestamps, dates), for cursors that point into other organisations' rows. */
const sortKeys = await column(`
  select reference as value from market
  union select to_json(created_at) #>> '{}' from market union select to_json(updated_at) #>> '{}' from market
  union select entry_date::text from beneficiary union select to_json(created_at) #>> '{}' from beneficiary
  union select start_date::text from placement`);

// ---- the API, through the lean operations of test/operations/properties.graphql ----

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

interface Page<N> { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: N[] }
interface Outcome<N = { id: string }> { errors: GraphQLResponse<unknown>['errors']; page: Page<N> | undefined }

const outcome = <R, N>(response: GraphQLResponse<R>, pick: (data: R) => Page<N>): Outcome<N> =>
  ({ errors: response.errors, page: response.data ? pick(response.data) : undefined });

interface PageArgs { first: number; after?: string }
const fetchMarkets = async (token: string, variables: PageArgs & { filter?: MarketFilter; orderBy?: MarketOrder }) =>
  outcome(await execute(api.url, PropertyMarketsDocument, variables, { token }), (data) => data.markets);
const fetchBeneficiaries = async (token: string, variables: PageArgs & { filter?: BeneficiaryFilter; orderBy?: BeneficiaryOrder }) =>
  outcome(await execute(api.url, PropertyBeneficiariesDocument, variables, { token }), (data) => data.beneficiaries);
const fetchPlacements = async (token: string, variables: PageArgs & { filter?: PlacementFilter }) =>
  outcome(await execute(api.url, PropertyPlacementsDocument, variables, { token }), (data) => data.placements);

/** A connection without filter, in one of its sort orders. */
type Target =
  | { kind: 'markets'; orderBy?: MarketOrder }
  | { kind: 'beneficiaries'; orderBy?: BeneficiaryOrder }
  | { kind: 'placements' };

function fetchTarget(target: Target, token: string, page: PageArgs): Promise<Outcome> {
  switch (target.kind) {
    case 'markets': return fetchMarkets(token, { ...page, orderBy: target.orderBy });
    case 'beneficiaries': return fetchBeneficiaries(token, { ...page, orderBy: target.orderBy });
    case 'placements': return fetchPlacements(token, page);
  }
}

const databaseId = (globalId: string) => parseGlobalId(globalId)?.id ?? `unparsable global id ${globalId}`;

// ---- walking every page, and what a walk must satisfy ----

/**
 * About this many pages per walk at most, to keep runs quick: the page size is the drawn one (the `first` of a
 * counterexample) or, for long answers, the answer's length divided by MAX_PAGES.
 */
const MAX_PAGES = 15;
const pageSizeFor = (drawn: number, expected: string[]) => Math.max(drawn, Math.ceil(expected.length / MAX_PAGES));
/** One page more than the answer needs, so that a walk that never ends is caught, not followed forever. */
const maxPagesFor = (expected: string[], first: number) => Math.ceil(expected.length / first) + 1;

interface Walk<N> { nodes: N[]; totalCounts: number[]; finished: boolean }

/** Follows endCursor until the last page, or gives up (finished: false) after `maxPages` pages. */
async function walk<N>(fetchPage: (after: string | undefined) => Promise<Outcome<N>>, maxPages: number): Promise<Walk<N>> {
  const nodes: N[] = [];
  const totalCounts: number[] = [];
  let after: string | undefined;
  for (let count = 0; count < maxPages; count += 1) {
    const { errors, page } = await fetchPage(after);
    expect(errors).toBeUndefined();
    nodes.push(...page!.nodes);
    totalCounts.push(page!.totalCount);
    if (!page!.pageInfo.hasNextPage) return { nodes, totalCounts, finished: true };
    after = page!.pageInfo.endCursor ?? undefined;
  }
  return { nodes, totalCounts, finished: false };
}

/**
 * Rows of other organisations never appear; then each row appears once, the last page is reached, every page's
 * totalCount is what was walked, and the rows are the SQL answer (`expected`, ids in the order asked for).
 */
function expectWalkOf(walked: Walk<{ id: string }>, visible: Set<string>, expected: string[]) {
  const ids = walked.nodes.map((node) => databaseId(node.id));
  expect(ids.filter((id) => !visible.has(id))).toEqual([]);
  const totalCounts = [...new Set(walked.totalCounts)];
  expect({ rows: ids.length, distinctRows: new Set(ids).size, lastPageReached: walked.finished, totalCounts })
    .toEqual({ rows: expected.length, distinctRows: expected.length, lastPageReached: true, totalCounts: [expected.length] });
  expect(ids).toEqual(expected);
}

/** A page of a connection without filter holds no row of another organisation, nor counts any. */
function expectOnlyVisible(page: Page<{ id: string }> | undefined, visible: Set<string>) {
  if (!page) return;
  expect(page.nodes.map((node) => databaseId(node.id)).filter((id) => !visible.has(id))).toEqual([]);
  expect(page.totalCount).toBe(visible.size);
}

const errorCodesBesidesBadInput = ({ errors }: Outcome) =>
  (errors ?? []).map((error) => error.extensions.code).filter((code) => code !== 'BAD_USER_INPUT');

// ---- arbitraries ----

/** Absent twice as often as present, so that a filter usually combines a few conditions, not all of them. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });
/** Absent one time in four: the default sort order is one case among the others. */
const usually = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 4 });
/** No filter half of the time: long walks over everything a user reads are where cursors go wrong. */
const noneOr = <T extends object>(filter: fc.Arbitrary<T>) => fc.oneof(fc.constant({} as T), filter);
/** Drops absent keys, for readable counterexamples. */
const present = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;

const DAY = 86_400_000;
const day = fc.integer({ min: Date.UTC(2021, 0, 1) / DAY, max: Date.UTC(2025, 11, 31) / DAY })
  .map((days) => new Date(days * DAY).toISOString().slice(0, 10));
const direction = fc.constantFrom<SortDirection>('ASC', 'DESC');
const drawnPageSize = fc.integer({ min: 1, max: 60 });
const anyUser = fc.constantFrom(...emails);
/** The Département (which reads everything, so walks the longest) a third of the time, anyone otherwise. */
const someUser = fc.oneof({ arbitrary: fc.constant(departement), weight: 1 }, { arbitrary: anyUser, weight: 2 });

/** The user's own organisation, any organisation, or one that does not exist. */
const organisationIdFor = (email: string) =>
  fc.oneof(fc.constant(userOf(email).organisationId), fc.constantFrom(...all.organisations), fc.uuid())
    .map((id) => toGlobalId('Organisation', id));

/** A row linked to a placement half of the time, any row (foreign ones included) otherwise. */
const rowIdOf = (type: string, linked: string[], rows: string[]) =>
  fc.oneof(fc.constantFrom(...linked), fc.constantFrom(...rows)).map((id) => toGlobalId(type, id));

const marketWord = fc.constantFrom(...marketWords);
const wordPart = fc.tuple(marketWord, fc.nat(), fc.nat()).map(([word, a, b]) => word.slice(a % word.length, 1 + (b % word.length)));
const searchWord = fc.oneof(
  { arbitrary: fc.mixedCase(marketWord), weight: 4 },
  { arbitrary: wordPart, weight: 2 },
  { arbitrary: fc.constantFrom('%', '_', '\\', "'"), weight: 1 },
);
const search = fc.array(searchWord, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));

const NATURES: MarketNature[] = ['ENGINEERING', 'GUP', 'SERVICES', 'WORKS'];
const MECHANISMS: ClauseMechanism[] = ['AWARD_CRITERION', 'EXECUTION_CONDITION', 'INSERTION_OBJECT', 'RESERVED_MARKET'];
const STATUSES: MarketStatus[] = ['ACTIVE', 'ARCHIVED', 'CLOSED', 'DRAFT'];
const MARKET_SORT: Record<MarketSortField, string> = { REFERENCE: 'reference', CREATED_AT: 'created_at', UPDATED_AT: 'updated_at' };
const BENEFICIARY_SORT: Record<BeneficiarySortField, string> = { ENTRY_DATE: 'entry_date', CREATED_AT: 'created_at' };
const marketOrder = fc.record({ field: fc.constantFrom(...Object.keys(MARKET_SORT) as MarketSortField[]), direction });
const beneficiaryOrder = fc.record({ field: fc.constantFrom(...Object.keys(BENEFICIARY_SORT) as BeneficiarySortField[]), direction });

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({ kind: fc.constant('markets' as const), orderBy: usually(marketOrder) }).map(present),
  fc.record({ kind: fc.constant('beneficiaries' as const), orderBy: usually(beneficiaryOrder) }).map(present),
  fc.constant({ kind: 'placements' as const }),
);

/**
 * Cursors forged like real ones (a sort key and an id, from any organisation's rows or made up), JSON arrays of
 * anything, and strings that are no cursor at all.
 */
const rowId = fc.oneof(fc.uuid(), fc.constantFrom(...all.markets, ...all.beneficiaries, ...all.placements));
const sortKey = fc.oneof(fc.constantFrom(...sortKeys), day, fc.constant(null));
const cursorValue = fc.oneof(rowId, sortKey, fc.jsonValue({ maxDepth: 1 }));
const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const forgedCursor = fc.oneof(
  { arbitrary: fc.tuple(sortKey, rowId).map(encodeCursor), weight: 4 },
  { arbitrary: fc.array(cursorValue, { maxLength: 3 }).map(encodeCursor), weight: 2 },
  { arbitrary: fc.oneof(fc.string(), fc.string({ unit: 'binary' })), weight: 1 },
);

/**
 * One seed for every property, the same at every run unless PROPERTY_SEED says otherwise, and named in the
 * describe's title: a failure is replayed with it. A property interrupted by its time limit fails (it did
 * not run what it claims), and a failing one shrinks within that budget, so that jest reports the
 * counterexample instead of a timeout.
 */
const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_202);
const settings = (numRuns: number) => ({ numRuns, seed: SEED, plugins: [fc.interruptAfterTimeLimit(90_000, { failOnInterrupt: true })] });
const TIMEOUT = 120_000;

// ---- the SQL answers, as the owner, restricted to what the user may read ----

const orderClause = (sortColumn: string, sort: SortDirection = 'ASC') => `order by ${sortColumn} ${sort}, id ${sort}`;
const uuidOf = (globalId: string | null | undefined) => (globalId ? databaseId(globalId) : null);

async function marketsInSql(user: User, filter: MarketFilter, orderBy: MarketOrder | undefined): Promise<string[]> {
  const words = (filter.search ?? '').split(/\s+/).filter(Boolean);
  const rows = await sql<{ id: string }>(
    `select id from market
      where id = any($1::uuid[])
        and ($2::text[] is null or nature = any($2)) and ($3::text[] is null or clause_mechanism = any($3))
        and ($4::text[] is null or status = any($4))
        and ($5::uuid is null or buyer_id = $5) and ($6::uuid is null or facilitator_id = $6)
        and ($7::date is null or notification_date >= $7) and ($8::date is null or notification_date <= $8)
        and not exists (select from unnest($9::text[]) word
                         where position(lower(word) in lower(reference)) = 0 and position(lower(word) in lower(object)) = 0)
      ${orderClause(MARKET_SORT[orderBy?.field ?? 'REFERENCE'], orderBy?.direction)}`,
    [[...user.visible.markets], filter.natures, filter.clauseMechanisms, filter.statuses, uuidOf(filter.buyerId),
      uuidOf(filter.facilitatorId), filter.notifiedFrom, filter.notifiedTo, words],
  );
  return rows.map((row) => row.id);
}

async function beneficiariesInSql(user: User, filter: BeneficiaryFilter, orderBy: BeneficiaryOrder | undefined): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `select id from beneficiary
      where id = any($1::uuid[])
        and ($2::uuid is null or followed_by_id = $2) and ($3::text is null or sex = $3)
        and ($4::boolean is null or is_brsa = $4) and ($5::boolean is null or (qpv_id is not null) = $5)
        and ($6::date is null or entry_date >= $6) and ($7::date is null or entry_date <= $7)
      ${orderClause(BENEFICIARY_SORT[orderBy?.field ?? 'ENTRY_DATE'], orderBy?.direction)}`,
    [[...user.visible.beneficiaries], uuidOf(filter.followedById), filter.sex, filter.isBrsa, filter.inQpv,
      filter.enteredFrom, filter.enteredTo],
  );
  return rows.map((row) => row.id);
}

async function placementsInSql(user: User, filter: PlacementFilter): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `select id from placement
      where id = any($1::uuid[])
        and ($2::uuid is null or market_id = $2) and ($3::uuid is null or beneficiary_id = $3)
        and ($4::uuid is null or company_id = $4)
      ${orderClause('start_date')}`,
    [[...user.visible.placements], uuidOf(filter.marketId), uuidOf(filter.beneficiaryId), uuidOf(filter.companyId)],
  );
  return rows.map((row) => row.id);
}

// ---- the properties ----

describe(`isolation holds whatever the filter, sort order, page size or cursor (fast-check seed ${SEED}, PROPERTY_SEED to change)`, () => {
  it('has a user for each organisation, the Département among them', () => {
    expect(users.size).toBeGreaterThanOrEqual(7);
    expect(userOf(departement).visible.markets).toEqual(new Set(all.markets));
  });

  it('markets: every page of any filter and order holds only visible markets, once each, as SQL answers', async () => {
    const marketQuery = someUser.chain((email) => fc.record({
      email: fc.constant(email),
      filter: noneOr(fc.record({
        natures: sometimes(fc.subarray(NATURES)),
        clauseMechanisms: sometimes(fc.subarray(MECHANISMS)),
        statuses: sometimes(fc.subarray(STATUSES)),
        buyerId: sometimes(organisationIdFor(email)),
        facilitatorId: sometimes(organisationIdFor(email)),
        notifiedFrom: sometimes(day),
        notifiedTo: sometimes(day),
        search: sometimes(search),
      }).map(present)),
      orderBy: usually(marketOrder),
      first: drawnPageSize,
    }));
    await fc.assert(fc.asyncProperty(marketQuery, async ({ email, filter, orderBy, first: drawn }) => {
      const user = userOf(email);
      const expected = await marketsInSql(user, filter, orderBy);
      const first = pageSizeFor(drawn, expected);
      const walked = await walk((after) => fetchMarkets(user.token, { filter, orderBy, first, after }), maxPagesFor(expected, first));
      expectWalkOf(walked, user.visible.markets, expected);
    }), settings(30));
  }, TIMEOUT);

  it('beneficiaries: every page holds only visible people, identities only where allowed, as SQL answers', async () => {
    const beneficiaryQuery = someUser.chain((email) => fc.record({
      email: fc.constant(email),
      filter: noneOr(fc.record({
        followedById: sometimes(organisationIdFor(email)),
        sex: sometimes(fc.constantFrom<Sex>('FEMALE', 'MALE')),
        isBrsa: sometimes(fc.boolean()),
        inQpv: sometimes(fc.boolean()),
        enteredFrom: sometimes(day),
        enteredTo: sometimes(day),
      }).map(present)),
      orderBy: usually(beneficiaryOrder),
      first: drawnPageSize,
    }));
    await fc.assert(fc.asyncProperty(beneficiaryQuery, async ({ email, filter, orderBy, first: drawn }) => {
      const user = userOf(email);
      const expected = await beneficiariesInSql(user, filter, orderBy);
      const first = pageSizeFor(drawn, expected);
      const walked = await walk((after) => fetchBeneficiaries(user.token, { filter, orderBy, first, after }), maxPagesFor(expected, first));
      expectWalkOf(walked, user.visible.beneficiaries, expected);
      const allowed = (node: { id: string }) => user.visible.identities.has(databaseId(node.id));
      expect(walked.nodes.filter((node) => (node.identity !== null) !== allowed(node))).toEqual([]);
    }), settings(30));
  }, TIMEOUT);

  it('placements filtered by any market, beneficiary or company, foreign ones included, stay within the visible placements', async () => {
    const placementQuery = fc.record({
      email: someUser,
      filter: fc.record({
        marketId: sometimes(rowIdOf('Market', placed.markets, all.markets)),
        beneficiaryId: sometimes(rowIdOf('Beneficiary', placed.beneficiaries, all.beneficiaries)),
        companyId: sometimes(rowIdOf('Company', placed.companies, all.companies)),
      }).map(present).filter((filter) => Object.keys(filter).length > 0),
      first: drawnPageSize,
    });
    await fc.assert(fc.asyncProperty(placementQuery, async ({ email, filter, first: drawn }) => {
      const user = userOf(email);
      const expected = await placementsInSql(user, filter);
      const first = pageSizeFor(drawn, expected);
      const walked = await walk((after) => fetchPlacements(user.token, { filter, first, after }), maxPagesFor(expected, first));
      expectWalkOf(walked, user.visible.placements, expected);
    }), settings(30));
  }, TIMEOUT);

  it("a cursor read by one organisation and replayed by another reaches only the other's rows", async () => {
    const replay = fc.record({
      reader: fc.oneof({ arbitrary: fc.constant(departement), weight: 2 }, { arbitrary: anyUser, weight: 1 }),
      replayer: anyUser,
      target,
      position: fc.integer({ min: 1, max: 300 }),
      first: fc.integer({ min: 1, max: 100 }),
    });
    await fc.assert(fc.asyncProperty(replay, async ({ reader, replayer, target, position, first }) => {
      const cursor = (await fetchTarget(target, userOf(reader).token, { first: position })).page?.pageInfo.endCursor;
      fc.pre(typeof cursor === 'string');
      const user = userOf(replayer);
      const replayed = await fetchTarget(target, user.token, { first, after: cursor! });
      expect(errorCodesBesidesBadInput(replayed)).toEqual([]);
      expectOnlyVisible(replayed.page, user.visible[target.kind]);
    }), settings(30));
  }, TIMEOUT);

  const forged = fc.record({ email: anyUser, target, cursor: forgedCursor, first: fc.integer({ min: 1, max: 50 }) });

  it('a forged or garbage cursor never reaches a row of another organisation', async () => {
    await fc.assert(fc.asyncProperty(forged, async ({ email, target, cursor, first }) => {
      const user = userOf(email);
      const { page } = await fetchTarget(target, user.token, { first, after: cursor });
      expectOnlyVisible(page, user.visible[target.kind]);
    }), settings(40));
  }, TIMEOUT);

  it('a forged or garbage cursor is answered or refused as BAD_USER_INPUT, never an INTERNAL error', async () => {
    await fc.assert(fc.asyncProperty(forged, async ({ email, target, cursor, first }) => {
      expect(errorCodesBesidesBadInput(await fetchTarget(target, userOf(email).token, { first, after: cursor }))).toEqual([]);
    }), settings(40));
  }, TIMEOUT);
});
