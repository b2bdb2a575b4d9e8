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

/**
 * The request's loaders. They answer what the session already read (src/auth/viewer.ts), the viewer's account and
 * the organisations of its memberships, which the viewer reads whatever it acts for, without a statement and as
 * plain rows (the request's entity where it holds one): `viewer { … }` costs no statement and no entity of its own.
 */
export function createLoaders(em: EntityManager, viewer: Viewer) {
  const rows = viewer.sessionRows;
  return everyLoader(em, {
    user: (id) => (rows && id === viewer.userId ? heldOrPlain(em, User, rows.user) as UserRow : undefined),
    organisation: (id) => {
      const row = rows?.memberships.find(({ organisation }) => organisation.id === id)?.organisation;
      return row && heldOrPlain(em, Organisation, row) as OrganisationRow;
    },
  });
}

function everyLoader(em: EntityManager, session: { user: Known<UserRow>; organisation: Known<OrganisationRow> }) {
  return {
    organisation: byId(em, Organisation, session.organisation),
    charter: byId(em, Charter),
    operation: byId(em, Operation),
    market: byId(em, Market),
    lot: byId(em, Lot),
    company: byId(em, Company),
    beneficiary: byId(em, Beneficiary),
    qpv: byId(em, Qpv),
    placement: byId(em, Placement),
    exit: byId(em, Exit),
    award: byId(em, Award),
    user: byId(em, User, session.user),
    membership: byId(em, Membership),
    apiKey: byId(em, ApiKey),
    auditEvent: byId(em, AuditEvent),
    importJob: byId(em, ImportJob),
    identityRead: byId(em, IdentityRead),
    identityByBeneficiary: new DataLoader<string, BeneficiaryIdentity | null>(async (ids) => {
      const rows = await em.find(BeneficiaryIdentity, { beneficiary: { $in: [...ids] } });
      const found = new Map(rows.map((row) => [row.beneficiary.id, row]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    signatoriesByCharter: byParent(em, CharterSignatory, 'charter', (row) => row.charter.id, { id: 'asc' }),
    qpvLinksByCharter: byParent(em, CharterQpv, 'charter', (row) => row.charter.id, { id: 'asc' }),
    targetsByCharter: byParent(em, CharterTarget, 'charter', (row) => row.charter.id, { kind: 'asc' }),
    lotsByMarket: byParent(em, Lot, 'market', (row) => row.market.id, { number: 'asc' }),
    awardsByLot: byParent(em, Award, 'lot', (row) => row.lot.id, { id: 'asc' }),
    exitsByBeneficiary: byParent(em, Exit, 'beneficiary', (row) => row.beneficiary.id, { exitDate: 'asc' }),
    placementsByBeneficiary: byParent(em, Placement, 'beneficiary', (row) => row.beneficiary.id, { startDate: 'asc', id: 'asc' }),
    realisedHoursByMarket: hoursSum(em, 'p.market_id'),
    realisedHoursByPlacement: hoursSum(em, 'h.placement_id'),
    monthHoursByPlacement: monthHours(em),
    monthlyHoursByPlacement: monthlyHours(em),
  };
}

export type Loaders = ReturnType<typeof everyLoader>;
