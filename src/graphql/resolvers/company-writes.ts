import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { Company, CompanyKind, HeadcountBand } from '../../db/entities/index.js';
import { isValidNaf, normalizeNaf } from '../../domain/naf.js';
import { isValidSiret, normalizeSiret } from '../../domain/siret.js';
import { Validation } from '../../reporting/validation.js';
import type { RequestContext } from '../../context/request-context.js';
import { toGlobalId } from '../relay/global-id.js';
import { CompanyNode } from '../types/market.js';
import { saveUnique, mustFind } from './lookup.js';

/** What the register says of a company; on update, an absent field is left as it is. */
@InputType()
class CompanyFields {
  @Field(() => String, { nullable: true, description: '14 digits; spaces and dots are ignored.' }) siret?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'NAF (APE) code, e.g. 43.99C.' }) nafCode?: string;
  @Field(() => HeadcountBand, { nullable: true }) headcountBand?: HeadcountBand;
  @Field(() => CompanyKind, { nullable: true }) kind?: CompanyKind;
}

@InputType()
class UpdateCompanyInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' }) version!: number;
  @Field(() => CompanyFields) fields!: CompanyFields;
}

const SCALARS = ['siret', 'name', 'nafCode', 'headcountBand', 'kind'] as const;

async function applyCompany(em: EntityManager, company: Company, fields: CompanyFields): Promise<void> {
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

/** Companies are shared reference data (docs/permissions.md): any editor registers and corrects them, every write audited. */
@Resolver()
export class CompanyWriteResolver {
  @Mutation(() => CompanyNode, { description: 'Registers a company (awardee or employer) by its SIRET; an already registered SIRET is pointed to.' })
  async registerCompany(@Arg('fields') fields: CompanyFields, @Ctx() { em }: RequestContext) {
    const company = new Company();
    await applyCompany(em, company, fields);
    return saved(em, company);
  }

  @Mutation(() => CompanyNode)
  async updateCompany(@Arg('input') { id, version, fields }: UpdateCompanyInput, @Ctx() { em }: RequestContext) {
    const company = await mustFind(em, Company, 'Company', id, 'Entreprise');
    await em.lock(company, LockMode.OPTIMISTIC, version);
    await applyCompany(em, company, fields);
    return saved(em, company);
  }
}
