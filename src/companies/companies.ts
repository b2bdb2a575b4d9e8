/**
 * Companies are shared reference data (docs/permissions.md): any editor registers and corrects them, by
 * SIRET, every write audited; an already registered SIRET is pointed to.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Company, type CompanyKind, type HeadcountBand } from '../db/entities/index.js';
import { isValidNaf, normalizeNaf } from '../domain/naf.js';
import { isValidSiret, normalizeSiret } from '../domain/siret.js';
import { Validation } from '../reporting/validation.js';
import type { ServiceContext } from '../context/request-context.js';
import { toGlobalId } from '../context/global-id.js';
import { mustFind, saveUnique, type RowRef } from '../context/rows.js';

/** What the register says of a company; on update, an absent field is left as it is. */
export interface CompanyChanges {
  siret?: string;
  name?: string;
  nafCode?: string;
  headcountBand?: HeadcountBand;
  kind?: CompanyKind;
}

const SCALARS = ['siret', 'name', 'nafCode', 'headcountBand', 'kind'] as const;

async function applyCompany(em: EntityManager, company: Company, fields: CompanyChanges): Promise<void> {
  const validation = new Validation();
  for (const name of SCALARS) if (fields[name] !== undefined) Object.assign(company, { [name]: fields[name] });
  if (company.siret) company.siret = normalizeSiret(company.siret);
  if (company.nafCode) company.nafCode = normalizeNaf(company.nafCode);
  company.name = company.name?.trim() ?? null;
  const siretValid = Boolean(company.siret) && isValidSiret(company.siret);
  validation
    .check(Boolean(company.siret), 'siret', 'REQUIRED', 'Le SIRET est obligatoire')
    .check(!company.siret || siretValid, 'siret', 'INVALID_SIRET', 'SIRET invalide : 14 chiffres, dont le dernier est une clé de contrôle ; vérifiez la saisie')
    .check(Boolean(company.name), 'name', 'REQUIRED', "Le nom de l'entreprise est obligatoire")
    .check(Boolean(company.nafCode), 'nafCode', 'REQUIRED', 'Le code NAF est obligatoire')
    .check(!company.nafCode || isValidNaf(company.nafCode), 'nafCode', 'INVALID_NAF', 'Code NAF invalide (deux chiffres, un point, deux chiffres et une lettre, par exemple 43.99C)')
    .check(Boolean(company.headcountBand), 'headcountBand', 'REQUIRED', "La tranche d'effectif est obligatoire")
    .check(Boolean(company.kind), 'kind', 'REQUIRED', "Le type d'entreprise est obligatoire");
  const existing = siretValid ? await em.findOne(Company, { siret: company.siret, id: { $ne: company.id } }) : null;
  if (existing) {
    validation.problems.push({
      field: 'siret', code: 'ALREADY_REGISTERED', message: `Le SIRET ${company.siret} est déjà enregistré${existing.name ? ` (${existing.name})` : ''}`, existingId: toGlobalId('Company', existing.id),
    });
  }
  validation.conclude();
}

// Two editors registering the same SIRET at once: the second meets the natural key.
const saved = (em: EntityManager, company: Company) => saveUnique(em, company, 'company_siret_unique', 'ALREADY_REGISTERED', 'Ce SIRET est déjà enregistré');

export async function registerCompany(ctx: ServiceContext, fields: CompanyChanges): Promise<Company> {
  const company = new Company();
  await applyCompany(ctx.em, company, fields);
  return saved(ctx.em, company);
}

export async function updateCompany(ctx: ServiceContext, id: RowRef, version: number, fields: CompanyChanges): Promise<Company> {
  const company = await mustFind(ctx.em, Company, 'Company', id, 'Entreprise');
  await ctx.em.lock(company, LockMode.OPTIMISTIC, version);
  await applyCompany(ctx.em, company, fields);
  return saved(ctx.em, company);
}
