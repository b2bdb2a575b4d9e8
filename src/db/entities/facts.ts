import { DecimalType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';

/** What the indicators group a placement's hours by: its person, employer, market and contract, as they are now; no identity. */
abstract class PlacementAttributes {
  @Property({ type: 'uuid' }) beneficiaryId!: string;
  @Property({ type: 'uuid' }) companyId!: string;
  /** The PLIE that follows the person. */
  @Property({ type: 'uuid' }) followedById!: string;
  @Property({ type: 'text' }) marketNature!: string;
  @Property({ type: 'text' }) modality!: string;
  @Property({ type: 'text' }) contractType!: string;
  @Property({ type: 'date' }) placementStart!: string;
  @Property({ type: 'date', nullable: true }) placementEnd!: string | null;
  @Property({ type: 'text', nullable: true }) headcountBand!: string | null;
  @Property({ type: 'text', nullable: true }) nafCode!: string | null;
  @Property({ type: 'text' }) companyKind!: string;
  @Property({ type: 'text' }) sex!: string;
  @Property({ type: 'smallint' }) ageAtEntry!: number;
  @Property({ type: 'uuid', nullable: true }) qpvId!: string | null;
  @Property({ type: 'boolean' }) isBrsa!: boolean;
  @Property({ type: 'boolean' }) isDeld!: boolean;
  @Property({ type: 'boolean' }) isRqth!: boolean;
  @Property({ type: 'boolean' }) isAse!: boolean;
}

/**
 * One month of hours on a placement with everything the indicators group it by: the market, the
 * contract, the employer and the person's statuses at entry, but no identity. Kept exact by triggers in
 * the transaction of every write to the rows it is drawn from (migration indicator_facts); read, never
 * written, by the application: indicators are sums and counts over it, and row-level security lets a
 * signatory read the facts of the charters it signed, so that it may see their totals.
 */
@Entity({ ...rowLevelSecurity('hours_fact') })
@Index({ properties: ['beneficiaryId'] })
@Index({ properties: ['charterId', 'month'] })
@Index({ properties: ['buyerId', 'month'] })
@Index({ properties: ['facilitatorId', 'month'] })
@Index({ properties: ['followedById', 'month'] })
@Index({ properties: ['operationId', 'month'] })
@Index({ properties: ['marketId', 'month'] })
export class HoursFact extends PlacementAttributes {
  /** The monthly_hours row. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'date' }) @Index() month!: string;
  @Property({ type: new DecimalType('number'), precision: 6, scale: 2 }) hours!: number;
  @Property({ type: 'uuid' }) placementId!: string;
  @Property({ type: 'uuid' }) marketId!: string;
  @Property({ type: 'uuid', nullable: true }) charterId!: string | null;
  @Property({ type: 'uuid', nullable: true }) operationId!: string | null;
  @Property({ type: 'uuid' }) buyerId!: string;
  @Property({ type: 'uuid', nullable: true }) facilitatorId!: string | null;
}

/**
 * An exit with the PLIE that follows the person; readable wherever the person's hours are. A scope's exits
 * are read person by person for a period: (person, date) finds them in one probe.
 */
@Entity({ ...rowLevelSecurity('exit_fact') })
@Index({ properties: ['followedById', 'exitDate'] })
@Index({ properties: ['beneficiaryId', 'exitDate'] })
export class ExitFact {
  /** The beneficiary_exit row. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) beneficiaryId!: string;
  @Property({ type: 'uuid' }) followedById!: string;
  @Property({ type: 'date' }) @Index() exitDate!: string;
  @Property({ type: 'text' }) category!: string;
}

/** A market with its clause, for the planned hours and rates of the charters it counts in: readable like its hours. */
@Entity({ ...rowLevelSecurity('market_fact') })
export class MarketFact {
  /** The market row. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid', nullable: true }) @Index() charterId!: string | null;
  @Property({ type: 'uuid', nullable: true }) @Index() operationId!: string | null;
  @Property({ type: 'uuid' }) @Index() buyerId!: string;
  @Property({ type: 'uuid', nullable: true }) @Index() facilitatorId!: string | null;
  @Property({ type: 'text' }) nature!: string;
  @Property({ type: 'text' }) clauseMechanism!: string;
  @Property({ type: 'text' }) status!: string;
  /** Indexed, like the end date, for the markets without dates, which platform_markets leaves out. */
  @Property({ type: 'date', nullable: true }) @Index() startDate!: string | null;
  @Property({ type: 'date', nullable: true }) @Index() endDate!: string | null;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, nullable: true }) amountHt!: number | null;
  @Property({ type: new DecimalType('number'), precision: 5, scale: 4, nullable: true }) labourRate!: number | null;
  @Property({ type: new DecimalType('number'), precision: 5, scale: 4, nullable: true }) insertionRate!: number | null;
  @Property({ type: new DecimalType('number'), precision: 8, scale: 2, nullable: true }) hourlyCost!: number | null;
  @Property({ type: new DecimalType('number'), precision: 10, scale: 2, nullable: true }) statedHours!: number | null;
  /** plannedInsertionHours() of the clause, computed by the trigger (app_planned_insertion_hours), so that sums stay in SQL. */
  @Property({ type: new DecimalType('number'), precision: 12, scale: 2, nullable: true }) plannedHours!: number | null;
  @Property({ type: 'text' }) plannedBasis!: string;
}

/**
 * One placement's year: the months it was worked (bit m-1 of `worked` for month m, when hours were more
 * than zero) and its hours by month, with what the indicators group by, as in its hours facts. The whole
 * platform's indicators read these instead of every hours fact: a year of them is a few hundred thousand
 * narrow rows where the facts are millions. Recomputed from monthly_hours for every placement whose hours
 * facts a statement changes, in that statement's transaction (migration placement_year_facts). Only the
 * Département reads them: only it asks for the whole platform.
 */
@Entity({ ...rowLevelSecurity('placement_year_fact') })
@Index({ properties: ['beneficiaryId'] })
@Index({ properties: ['companyId'] })
export class PlacementYearFact extends PlacementAttributes {
  @PrimaryKey({ type: 'uuid' }) placementId!: string;
  @PrimaryKey({ type: 'smallint' }) @Index() year!: number;
  /** contractMonths() of the placement (app_contract_months), null without an end date. */
  @Property({ type: 'smallint', nullable: true }) contractMonths!: number | null;
  /** Bit m-1 set: hours (more than zero) in month m. */
  @Property({ type: 'smallint' }) worked!: number;
  /** Hours of months 1 to 12. */
  @Property({ columnType: 'numeric[]' }) hoursByMonth!: string[];
}

/*
 * The whole platform's figures, kept by app_refresh_placement_years with every change of placement years,
 * in the same transaction, by PLIE (the people it follows): the Département's totals are their sums and its
 * view of each PLIE their rows, and two PLIEs writing at once never wait on the same row. Counts of people
 * and contracts are by calendar year and span (the year, or one of its semesters): the periods reports are
 * made of. Read by the Département only, a year or a span at a time: the index on it holds every column, so
 * that a read is a scan of the index alone (rows rewritten by every write lie scattered in the table).
 */

/** Hours by PLIE, year and what the hours are split by, one column per month. */
@Entity({ ...rowLevelSecurity('platform_hours') })
@Index({ properties: ['year'], include: ['followedById', 'marketNature', 'modality', 'contractType', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'] })
export class PlatformHours {
  @PrimaryKey({ type: 'uuid' }) followedById!: string;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'text' }) marketNature!: string;
  @PrimaryKey({ type: 'text' }) modality!: string;
  @PrimaryKey({ type: 'text' }) contractType!: string;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m1!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m2!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m3!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m4!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m5!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m6!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m7!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m8!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m9!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m10!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m11!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2, default: 0 }) m12!: number;
}

/** The key the platform's counts start with: the PLIE, a calendar year and a span of it (YEAR, S1 or S2). */
abstract class PlieSpan {
  @PrimaryKey({ type: 'uuid' }) followedById!: string;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'text' }) span!: string;
}

/** People worked in a span, by PLIE and one breakdown's key (the dimensions of queries/people.ts). */
@Entity({ ...rowLevelSecurity('platform_people') })
@Index({ properties: ['year', 'span'], include: ['followedById', 'dimension', 'key', 'people'] })
export class PlatformPeople extends PlieSpan {
  @PrimaryKey({ type: 'text' }) dimension!: string;
  @PrimaryKey({ type: 'text' }) key!: string;
  @Property({ type: 'integer' }) people!: number;
}

/** Contracts (placements) worked in a span, by PLIE, type, modality and length in months. */
@Entity({ ...rowLevelSecurity('platform_contracts') })
@Index({ properties: ['year', 'span'], include: ['followedById', 'contractType', 'modality', 'months', 'contracts'] })
export class PlatformContracts extends PlieSpan {
  @PrimaryKey({ type: 'text' }) contractType!: string;
  @PrimaryKey({ type: 'text' }) modality!: string;
  /** -1: no end date (open-ended). */
  @PrimaryKey({ type: 'smallint' }) months!: number;
  @Property({ type: 'integer' }) contracts!: number;
}

/** A company's year worked (months as placement_year_fact.worked), for one PLIE's people, and for everyone's under ALL_PLIES. */
@Entity({ ...rowLevelSecurity('platform_company_year') })
@Index({ properties: ['year', 'followedById'], include: ['companyId', 'worked', 'headcountBand', 'nafCode', 'companyKind'] })
export class PlatformCompanyYear {
  @PrimaryKey({ type: 'uuid' }) companyId!: string;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'uuid' }) followedById!: string;
  @Property({ type: 'smallint' }) worked!: number;
  @Property({ type: 'text', nullable: true }) headcountBand!: string | null;
  @Property({ type: 'text', nullable: true }) nafCode!: string | null;
  @Property({ type: 'text' }) companyKind!: string;
}

/**
 * Markets running in a span (their dates overlap it; not drafts, with both dates: the others are counted
 * from market_fact), by the PLIE that facilitates them (NO_PLIE: none), nature, clause and planned hours'
 * basis, with their planned hours. Kept by triggers on market_fact (migration platform_markets_and_exits).
 */
@Entity({ ...rowLevelSecurity('platform_markets') })
@Index({ properties: ['year', 'span'], include: ['facilitatorId', 'nature', 'clauseMechanism', 'plannedBasis', 'markets', 'plannedHours'] })
export class PlatformMarkets {
  @PrimaryKey({ type: 'uuid' }) facilitatorId!: string;
  @PrimaryKey({ type: 'smallint' }) year!: number;
  @PrimaryKey({ type: 'text' }) span!: string;
  @PrimaryKey({ type: 'text' }) nature!: string;
  @PrimaryKey({ type: 'text' }) clauseMechanism!: string;
  @PrimaryKey({ type: 'text' }) plannedBasis!: string;
  @Property({ type: 'integer' }) markets!: number;
  @Property({ type: new DecimalType('number'), precision: 14, scale: 2 }) plannedHours!: number;
}

/** Exits dated in a span, by the PLIE that follows the person and category. Kept by triggers on exit_fact. */
@Entity({ ...rowLevelSecurity('platform_exits') })
@Index({ properties: ['year', 'span'] })
export class PlatformExits extends PlieSpan {
  @PrimaryKey({ type: 'text' }) category!: string;
  @Property({ type: 'integer' }) exits!: number;
}
