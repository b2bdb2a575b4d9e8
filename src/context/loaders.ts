import DataLoader from 'dataloader';
import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import {
  ApiKey, AuditEvent, IdentityRead, ImportJob, Award, Beneficiary, BeneficiaryIdentity, Charter, CharterQpv, CharterSignatory, CharterTarget, Company, Exit, Lot,
  Market, Membership, Operation, Organisation, Placement, Qpv, User,
} from '../db/entities/index.js';
import { heldOrPlain } from '../db/held-entity.js';
import type { Viewer } from './request-context.js';

type WithId = { id: string };

/** What the request already holds by id, that a loader answers without a statement. */
type Known<T> = (id: string) => T | undefined;

/** What the field resolvers read of an organisation or an account the session has read: a plain row, not an entity. */
export type OrganisationRow = Pick<Organisation, 'id' | 'kind' | 'name' | 'siret' | 'territory' | 'departementCode'>;
export type UserRow = Pick<User, 'id' | 'email' | 'displayName'>;

/** Loads rows by primary key, one query per batch for those not known already; a missing row resolves to null. */
function byId<T extends WithId, K extends WithId = T>(em: EntityManager, entity: EntityClass<T>, known: Known<K> = () => undefined) {
  return new DataLoader<string, T | K | null>(async (ids) => {
    const answers = ids.map(known);
    const unknown = ids.filter((_, index) => answers[index] === undefined);
    const rows = unknown.length ? await em.find(entity, { id: { $in: unknown } } as unknown as FilterQuery<NoInfer<T>>) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id, index) => answers[index] ?? found.get(id) ?? null);
  });
}

/** Loads the rows whose foreign key `column` points at each key, one query per batch. */
function byParent<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  column: string,
  parentIdOf: (row: T) => string,
  orderBy: Record<string, 'asc' | 'desc'> = {},
) {
  return new DataLoader<string, T[]>(async (parentIds) => {
    const rows = await em.find(entity, { [column]: { $in: [...parentIds] } } as unknown as FilterQuery<NoInfer<T>>, { orderBy } as object);
    const grouped = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentIdOf(row);
      const siblings = grouped.get(key);
      if (siblings) siblings.push(row);
      else grouped.set(key, [row]);
    }
    return parentIds.map((id) => grouped.get(id) ?? []);
  });
}

/** Sums reported hours per key with one grouped SQL statement per batch. */
function hoursSum(em: EntityManager, keyColumn: 'p.market_id' | 'h.placement_id') {
  return new DataLoader<string, number>(async (ids) => {
    const rows = await em.getConnection().execute<{ key: string; total: string }[]>(
      `select ${keyColumn} as key, sum(h.hours) as total
         from monthly_hours h join placement p on p.id = h.placement_id
        where ${keyColumn} = any(?::uuid[])
        group by ${keyColumn}`,
      [`{${ids.join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    const totals = new Map(rows.map((row) => [row.key, Number(row.total)]));
    return ids.map((id) => totals.get(id) ?? 0);
  });
}

/** One month's reported hours of each placement, keyed `placementId|YYYY-MM-01`; null when none; one SQL statement per batch. */
function monthHours(em: EntityManager) {
  return new DataLoader<string, number | null>(async (keys) => {
    const pairs = keys.map((key) => key.split('|') as [string, string]);
    const rows = await em.getConnection().execute<{ placement: string; month: string; hours: string }[]>(
      `select h.placement_id as placement, to_char(h.month, 'YYYY-MM-DD') as month, h.hours
         from monthly_hours h join unnest(?::uuid[], ?::date[]) as wanted(placement, month) on h.placement_id = wanted.placement and h.month = wanted.month`,
      [`{${pairs.map(([placement]) => placement).join(',')}}`, `{${pairs.map(([, month]) => month).join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    const found = new Map(rows.map((row) => [`${row.placement}|${row.month}`, Number(row.hours)]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** Every month reported on each placement, oldest first. */
function monthlyHours(em: EntityManager) {
  return new DataLoader<string, { month: string; hours: number }[]>(async (placements) => {
    const rows = await em.getConnection().execute<{ placement: string; month: string; hours: string }[]>(
      `select h.placement_id as placement, to_char(h.month, 'YYYY-MM-DD') as month, h.hours
         from monthly_hours h where h.placement_id = any(?::uuid[]) order by h.month`,
      [`{${placements.join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    const byPlacement = new Map(placements.map((placement) => [placement, [] as { month: string; hours: number }[]]));
    for (const row of rows) byPlacement.get(row.placement)!.push({ month: row.month, hours: Number(row.hours) });
    return placements.map((placement) => byPlacement.get(placement)!);
  });
}

/** What a loader is made of: the request's entity manager, and what the session read. */
interface LoaderSources {
  em: EntityManager;
  session: { user: Known<UserRow>; organisation: Known<OrganisationRow> };
}

/** A loader of `entity` by primary key, for rows the session did not read. */
const byIdOf = <T extends WithId>(entity: EntityClass<T>) => ({ em }: LoaderSources) => byId(em, entity);

/** How each of the request's loaders is made. */
const LOADERS = {
  organisation: ({ em, session }: LoaderSources) => byId(em, Organisation, session.organisation),
  charter: byIdOf(Charter),
  operation: byIdOf(Operation),
  market: byIdOf(Market),
  lot: byIdOf(Lot),
  company: byIdOf(Company),
  beneficiary: byIdOf(Beneficiary),
  qpv: byIdOf(Qpv),
  placement: byIdOf(Placement),
  exit: byIdOf(Exit),
  award: byIdOf(Award),
  user: ({ em, session }: LoaderSources) => byId(em, User, session.user),
  membership: byIdOf(Membership),
  apiKey: byIdOf(ApiKey),
  auditEvent: byIdOf(AuditEvent),
  importJob: byIdOf(ImportJob),
  identityRead: byIdOf(IdentityRead),
  identityByBeneficiary: ({ em }: LoaderSources) => new DataLoader<string, BeneficiaryIdentity | null>(async (ids) => {
    const rows = await em.find(BeneficiaryIdentity, { beneficiary: { $in: [...ids] } });
    const found = new Map(rows.map((row) => [row.beneficiary.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  }),
  signatoriesByCharter: ({ em }: LoaderSources) => byParent(em, CharterSignatory, 'charter', (row) => row.charter.id, { id: 'asc' }),
  qpvLinksByCharter: ({ em }: LoaderSources) => byParent(em, CharterQpv, 'charter', (row) => row.charter.id, { id: 'asc' }),
  targetsByCharter: ({ em }: LoaderSources) => byParent(em, CharterTarget, 'charter', (row) => row.charter.id, { kind: 'asc' }),
  lotsByMarket: ({ em }: LoaderSources) => byParent(em, Lot, 'market', (row) => row.market.id, { number: 'asc' }),
  awardsByLot: ({ em }: LoaderSources) => byParent(em, Award, 'lot', (row) => row.lot.id, { id: 'asc' }),
  exitsByBeneficiary: ({ em }: LoaderSources) => byParent(em, Exit, 'beneficiary', (row) => row.beneficiary.id, { exitDate: 'asc' }),
  placementsByBeneficiary: ({ em }: LoaderSources) => byParent(em, Placement, 'beneficiary', (row) => row.beneficiary.id, { startDate: 'asc', id: 'asc' }),
  realisedHoursByMarket: ({ em }: LoaderSources) => hoursSum(em, 'p.market_id'),
  realisedHoursByPlacement: ({ em }: LoaderSources) => hoursSum(em, 'h.placement_id'),
  monthHoursByPlacement: ({ em }: LoaderSources) => monthHours(em),
  monthlyHoursByPlacement: ({ em }: LoaderSources) => monthlyHours(em),
};

export type Loaders = { readonly [Name in keyof typeof LOADERS]: ReturnType<(typeof LOADERS)[Name]> };

/** Where a request's loaders object keeps what it makes them of, and those made: out of the resolvers' reach. */
const SOURCES = Symbol('sources');
const MADE = Symbol('made');
interface LoadersState {
  [SOURCES]: LoaderSources;
  [MADE]: Record<string, unknown>;
}

/**
 * The loaders' shared prototype: each loader is made the first time the request asks for it, then kept. A request
 * uses two or three of them: making all of them up front was a tenth of what a `viewer` request allocated.
 */
const MADE_WHEN_ASKED: object = Object.defineProperties({}, Object.fromEntries(Object.entries(LOADERS).map(([name, make]) => [name, {
  get(this: LoadersState) {
    return (this[MADE][name] ??= make(this[SOURCES]));
  },
}])));

/**
 * The request's loaders. They answer what the session already read (src/auth/viewer.ts), the viewer's account and
 * the organisations of its memberships, which the viewer reads whatever it acts for, without a statement and as
 * plain rows (the request's entity where it holds one): `viewer { … }` costs no statement and no entity of its own.
 */
export function createLoaders(em: EntityManager, viewer: Viewer): Loaders {
  const rows = viewer.sessionRows;
  const session = {
    user: (id: string) => (rows && id === viewer.userId ? heldOrPlain(em, User, rows.user) as UserRow : undefined),
    organisation: (id: string) => {
      const row = rows?.memberships.find(({ organisation }) => organisation.id === id)?.organisation;
      return row && heldOrPlain(em, Organisation, row) as OrganisationRow;
    },
  };
  const state: LoadersState = { [SOURCES]: { em, session }, [MADE]: {} };
  return Object.assign(Object.create(MADE_WHEN_ASKED) as Loaders, state);
}
