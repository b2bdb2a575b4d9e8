/**
 * The demo data set: real organisations of the Pas-de-Calais, the Calais NPNRU charter, about
 * forty markets, about four hundred fictional beneficiaries, their placements, monthly hours and
 * exits. Pure and deterministic: every call returns the same rows with the same ids (no clock, no
 * Math.random), so it can be seeded into a database or used directly by tests.
 *
 * Access cases the data contains on purpose (asserted in test/seeds/demo-data.test.ts):
 * (a) people followed by the Béthunois PLIE placed on markets facilitated by La Fabrique DEFI
 *     (DEMO_ACCESS_CASES.crossPlieBeneficiaryIds), plus other cross-PLIE placements between neighbours;
 * (b) markets bought by the Département in several PLIE territories (DEMO_ACCESS_CASES.departementMarketReferences);
 * (c) camille.durand@facilitateurs.demo, EDITOR in the PLIEs of Lens-Liévin and Hénin-Carvin;
 * (d) a DRAFT market without facilitator (DEMO_ACCESS_CASES.draftMarketReference);
 * and a former member whose only membership is deactivated (DEMO_ACCESS_CASES.formerMemberEmail).
 */
import { buildBeneficiaries, beneficiaryId } from './beneficiaries.js';
import { buildChartersAndOperations } from './charters.js';
import type { DemoData } from './common.js';
import { buildCompanies, COMPANY_SPECS } from './companies.js';
import { buildMarkets, MARKET_SPECS } from './markets.js';
import { FORMER_MEMBER_EMAIL, MULTI_ORG_USER_EMAIL, ORG, buildOrganisationsAndUsers } from './organisations.js';
import { buildPlacements, CROSS_PLIE_RANKS } from './placements.js';

export type { DemoData } from './common.js';
export { DEMO_AS_OF } from './common.js';

export const DEMO_ACCESS_CASES = {
  crossPlieBeneficiaryIds: CROSS_PLIE_RANKS.map((rank) => beneficiaryId(ORG.plieBethunois, rank)),
  departementMarketReferences: MARKET_SPECS.filter((m) => m.buyer === ORG.departement).map((m) => m.reference),
  multiOrgUserEmail: MULTI_ORG_USER_EMAIL,
  formerMemberEmail: FORMER_MEMBER_EMAIL,
  draftMarketReference: MARKET_SPECS.find((m) => m.facilitator === null)!.reference,
} as const;

export function buildDemoData(): DemoData {
  const { organisations, bySlug, users, memberships } = buildOrganisationsAndUsers();
  const charters = buildChartersAndOperations(bySlug);
  const { companies, companyByKey } = buildCompanies();
  const markets = buildMarkets(bySlug, charters.operationByKey, charters.calaisCharter, companyByKey);
  const beneficiaries = buildBeneficiaries(bySlug, charters.qpvByKey);
  const placements = buildPlacements(beneficiaries.infos, markets.infos, companyByKey, COMPANY_SPECS);

  return {
    organisations,
    users,
    memberships,
    qpvs: charters.qpvs,
    charters: charters.charters,
    charterQpvs: charters.charterQpvs,
    charterSignatories: charters.charterSignatories,
    charterTargets: charters.charterTargets,
    operations: charters.operations,
    companies,
    markets: markets.markets,
    lots: markets.lots,
    awards: markets.awards,
    beneficiaries: beneficiaries.beneficiaries,
    beneficiaryIdentities: beneficiaries.identities,
    placements: placements.placements,
    monthlyHours: placements.monthlyHours,
    exits: placements.exits,
  };
}
