/** The placements (mises à l'emploi) of the people a PLIE follows. */
import { LockMode, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Beneficiary, Company, Lot, Market, Placement, type ContractType, type PlacementModality } from '../db/entities/index.js';
import { isIsoDate } from '../domain/dates.js';
import { checkPlacementTerms, type DateRange } from '../reporting/rules.js';
import { Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { notFound } from '../context/errors.js';
import { findRow, mustFind, related, saveUnique, type RowRef } from '../context/rows.js';
import { mayChangePlacement, mayPlace } from './access.js';

/** On update, an absent field is left as it is. */
export interface PlacementChanges {
  beneficiaryId?: RowRef;
  marketId?: RowRef;
  companyId?: RowRef;
  lotId?: RowRef | null;
  contractType?: ContractType;
  modality?: PlacementModality;
  startDate?: string;
  endDate?: string | null;
  weeklyHours?: number;
}

const SCALARS = ['contractType', 'modality', 'startDate', 'endDate', 'weeklyHours'] as const;

async function applyPlacement(ctx: ServiceContext, placement: Placement, fields: PlacementChanges): Promise<void> {
  const { em } = ctx;
  const validation = new Validation();
  for (const name of SCALARS) if (fields[name] !== undefined) Object.assign(placement, { [name]: fields[name] });
  if (fields.beneficiaryId !== undefined) {
    const beneficiary = await findRow(em, Beneficiary, 'Beneficiary', fields.beneficiaryId);
    validation.check(await mayPlace(ctx, beneficiary), 'beneficiaryId', 'UNKNOWN', 'Aucun participant suivi par votre PLIE ne correspond');
    if (beneficiary) placement.beneficiary = beneficiary;
  }
  if (fields.marketId !== undefined) {
    const market = await related(em, Market, 'Market', fields.marketId, validation, 'marketId');
    if (market) placement.market = market;
  }
  if (fields.companyId !== undefined) {
    const company = await related(em, Company, 'Company', fields.companyId, validation, 'companyId');
    if (company) placement.company = company;
  }
  if (fields.lotId !== undefined) {
    const lot = fields.lotId ? await related(em, Lot, 'Lot', fields.lotId, validation, 'lotId') : null;
    validation.check(!lot || lot.market.id === placement.market?.id, 'lotId', 'LOT_OF_ANOTHER_MARKET', "Ce lot n'appartient pas au marché de la mise à l'emploi");
    placement.lot = lot;
  }
  const market = placement.market ? await termsOf(ctx, placement.market) : undefined;
  validation
    // A reference given but not found is already a problem of its own (UNKNOWN).
    .check(Boolean(placement.beneficiary) || fields.beneficiaryId != null, 'beneficiaryId', 'REQUIRED', 'Le participant est obligatoire')
    .check(Boolean(market) || fields.marketId != null, 'marketId', 'REQUIRED', 'Le marché est obligatoire')
    .check(Boolean(placement.company) || fields.companyId != null, 'companyId', 'REQUIRED', "L'employeur est obligatoire")
    .check(Boolean(placement.contractType), 'contractType', 'REQUIRED', 'Le type de contrat est obligatoire')
    .check(Boolean(placement.modality), 'modality', 'REQUIRED', "La modalité d'embauche est obligatoire")
    .check(isIsoDate(placement.startDate), 'startDate', 'REQUIRED', 'La date de début est obligatoire');
  checkPlacementTerms(validation, placement, market ?? null);
  validation.conclude();
}

/**
 * The dates a placement's terms are checked against. The market of a person the PLIE follows may be one
 * another PLIE facilitates, which it does not read: its dates come from the markets its people are placed
 * on (app_followed_people_markets, as the export and the import name them).
 */
async function termsOf(ctx: ServiceContext, market: Market): Promise<DateRange | null> {
  if (wrap(market).isInitialized()) return market;
  const [dates] = await ctx.em.execute<DateRange[]>(
    `select to_char(start_date, 'YYYY-MM-DD') as "startDate", to_char(end_date, 'YYYY-MM-DD') as "endDate"
       from app_followed_people_markets() where id = ?`, [market.id]);
  return dates ?? null;
}

const saved = (em: EntityManager, placement: Placement) => saveUnique(em, placement, 'placement_natural_key', 'DUPLICATE_PLACEMENT',
  'Cette mise à l’emploi est déjà enregistrée (même participant, employeur, marché et date de début)');

/** A placement of a person the acting PLIE follows. */
export async function createPlacement(ctx: ServiceContext, fields: PlacementChanges): Promise<Placement> {
  const placement = new Placement();
  await applyPlacement(ctx, placement, fields);
  return saved(ctx.em, placement);
}

/** Changes a placement of a person the acting PLIE follows, at the version its editor read. */
export async function updatePlacement(ctx: ServiceContext, id: RowRef, version: number, fields: PlacementChanges): Promise<Placement> {
  const { em } = ctx;
  const placement = await mustFind(em, Placement, 'Placement', id, 'Mise à l’emploi');
  if (!(await mayChangePlacement(ctx, placement.id))) throw notFound('Mise à l’emploi');
  await em.populate(placement, ['beneficiary']);
  await em.lock(placement, LockMode.OPTIMISTIC, version);
  await applyPlacement(ctx, placement, fields);
  return saved(em, placement);
}
