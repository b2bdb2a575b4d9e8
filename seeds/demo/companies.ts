/**
 * Fictional companies that win the markets or employ the beneficiaries: ordinary building and
 * cleaning firms of several sizes, and every kind of inclusive employer (SIAE, GEIQ, adapted
 * company, temporary-work agency). SIRETs are generated, Luhn-valid, and belong to nobody we know of.
 */
import { Company, CompanyKind, HeadcountBand } from '../../src/db/entities/index.js';
import { isValidSiret } from '../../src/domain/siret.js';
import { deterministicUuid, Random } from '../random.js';
import { DEMO_SETUP_DATE, stamp } from './common.js';

/** Where a company usually works: the Calais coast, the mining basin (Lens, Liévin, Hénin, Béthune, Artois), or both. */
export type Area = 'COAST' | 'BASIN' | 'ALL';

export interface CompanySpec {
  key: string;
  name: string;
  kind: CompanyKind;
  headcountBand: HeadcountBand;
  nafCode: string;
  area: Area;
}

const { ORDINARY, SIAE_ACI, SIAE_EI, SIAE_ETTI, SIAE_AI, GEIQ, ADAPTED, TEMPORARY_WORK_AGENCY } = CompanyKind;
const { FROM_1_TO_9, FROM_10_TO_49, FROM_50_TO_249, FROM_250 } = HeadcountBand;

export const COMPANY_SPECS: readonly CompanySpec[] = [
  // Ordinary companies (NAF: 41.20A houses, 41.20B other buildings, 42.11Z roads, 43.xx trades, 71.xx engineering, 81.xx cleaning and green spaces).
  { key: 'bati-calaisis', name: 'Bâtiments du Calaisis', kind: ORDINARY, headcountBand: FROM_50_TO_249, nafCode: '41.20B', area: 'COAST' },
  { key: 'opale-gros-oeuvre', name: 'Opale Gros Œuvre', kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '43.99C', area: 'COAST' },
  { key: 'vandamme-maconnerie', name: 'Maçonnerie Vandamme et Fils', kind: ORDINARY, headcountBand: FROM_1_TO_9, nafCode: '43.99C', area: 'COAST' },
  { key: 'batinord', name: 'Groupe Batinord', kind: ORDINARY, headcountBand: FROM_250, nafCode: '41.20B', area: 'ALL' },
  { key: 'maisons-nordiques', name: 'Maisons Nordiques Construction', kind: ORDINARY, headcountBand: FROM_50_TO_249, nafCode: '41.20A', area: 'ALL' },
  { key: 'gohelle-electricite', name: 'Gohelle Électricité', kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '43.21A', area: 'BASIN' },
  { key: 'littoral-elec', name: 'Littoral Élec Services', kind: ORDINARY, headcountBand: FROM_1_TO_9, nafCode: '43.21A', area: 'COAST' },
  { key: 'artois-thermique', name: 'Artois Thermique et Plomberie', kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '43.22A', area: 'ALL' },
  { key: 'menuiseries-littoral', name: 'Menuiseries du Littoral', kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '43.32A', area: 'ALL' },
  { key: 'peintures-artois', name: "Peintures et Façades de l'Artois", kind: ORDINARY, headcountBand: FROM_50_TO_249, nafCode: '43.34Z', area: 'ALL' },
  { key: 'couvertures-delattre', name: 'Couvertures Delattre', kind: ORDINARY, headcountBand: FROM_1_TO_9, nafCode: '43.91B', area: 'BASIN' },
  { key: 'isol-opale', name: "Isol'Opale", kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '43.29A', area: 'ALL' },
  { key: 'platrerie-lefranc', name: 'Plâtrerie Lefranc', kind: ORDINARY, headcountBand: FROM_1_TO_9, nafCode: '43.31Z', area: 'BASIN' },
  { key: 'routes-artois', name: "Routes et Terrassements de l'Artois", kind: ORDINARY, headcountBand: FROM_50_TO_249, nafCode: '42.11Z', area: 'ALL' },
  { key: 'proprete-littoral', name: 'Propreté du Littoral', kind: ORDINARY, headcountBand: FROM_250, nafCode: '81.21Z', area: 'ALL' },
  { key: 'jardins-gohelle', name: 'Jardins de la Gohelle', kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '81.30Z', area: 'BASIN' },
  { key: 'bet-opale', name: "BET Structures Côte d'Opale", kind: ORDINARY, headcountBand: FROM_10_TO_49, nafCode: '71.12B', area: 'ALL' },
  { key: 'atelier-beffroi', name: 'Atelier Beffroi Architectes', kind: ORDINARY, headcountBand: FROM_1_TO_9, nafCode: '71.11Z', area: 'ALL' },
  // Structures de l'insertion par l'activité économique.
  { key: 'aci-brigades-vertes', name: 'Chantier d\'insertion Les Brigades Vertes du Calaisis', kind: SIAE_ACI, headcountBand: FROM_10_TO_49, nafCode: '81.30Z', area: 'COAST' },
  { key: 'aci-baticoeur', name: "Atelier chantier d'insertion Bâti'Cœur", kind: SIAE_ACI, headcountBand: FROM_10_TO_49, nafCode: '43.39Z', area: 'ALL' },
  { key: 'aci-recyclerie', name: 'Recyclerie solidaire de la Gohelle', kind: SIAE_ACI, headcountBand: FROM_10_TO_49, nafCode: '88.99B', area: 'BASIN' },
  { key: 'ei-net-opale', name: "Net'Opale Insertion", kind: SIAE_EI, headcountBand: FROM_10_TO_49, nafCode: '81.21Z', area: 'COAST' },
  { key: 'ei-rebatir', name: 'Rebâtir Artois', kind: SIAE_EI, headcountBand: FROM_10_TO_49, nafCode: '43.99C', area: 'BASIN' },
  { key: 'ei-vert-avenir', name: 'Vert Avenir Insertion', kind: SIAE_EI, headcountBand: FROM_10_TO_49, nafCode: '81.30Z', area: 'BASIN' },
  { key: 'etti-littoral', name: "Intérim'Action Littoral", kind: SIAE_ETTI, headcountBand: FROM_50_TO_249, nafCode: '78.20Z', area: 'COAST' },
  { key: 'etti-bassin', name: 'Tremplin Intérim Bassin Minier', kind: SIAE_ETTI, headcountBand: FROM_50_TO_249, nafCode: '78.20Z', area: 'BASIN' },
  { key: 'ai-calaisis', name: 'Coup de Main Calaisis', kind: SIAE_AI, headcountBand: FROM_10_TO_49, nafCode: '78.30Z', area: 'COAST' },
  { key: 'ai-lens', name: 'Services Plus Lens-Liévin', kind: SIAE_AI, headcountBand: FROM_10_TO_49, nafCode: '78.30Z', area: 'BASIN' },
  // Groupements d'employeurs pour l'insertion et la qualification.
  { key: 'geiq-btp-opale', name: 'GEIQ BTP Calaisis-Audomarois', kind: GEIQ, headcountBand: FROM_10_TO_49, nafCode: '78.30Z', area: 'COAST' },
  { key: 'geiq-btp-artois', name: 'GEIQ BTP Artois-Gohelle', kind: GEIQ, headcountBand: FROM_50_TO_249, nafCode: '78.30Z', area: 'BASIN' },
  // Entreprises adaptées.
  { key: 'ea-horizons', name: 'Horizons Propreté (entreprise adaptée)', kind: ADAPTED, headcountBand: FROM_50_TO_249, nafCode: '81.21Z', area: 'ALL' },
  { key: 'ea-ateliers-terril', name: 'Les Ateliers du Terril (entreprise adaptée)', kind: ADAPTED, headcountBand: FROM_10_TO_49, nafCode: '81.30Z', area: 'BASIN' },
  // Ordinary temporary-work agencies.
  { key: 'calais-interim', name: 'Calais Intérim BTP', kind: TEMPORARY_WORK_AGENCY, headcountBand: FROM_10_TO_49, nafCode: '78.20Z', area: 'COAST' },
  { key: 'artois-travail-temporaire', name: 'Artois Travail Temporaire', kind: TEMPORARY_WORK_AGENCY, headcountBand: FROM_10_TO_49, nafCode: '78.20Z', area: 'BASIN' },
  { key: 'proxi-interim', name: 'Proxi Intérim Nord', kind: TEMPORARY_WORK_AGENCY, headcountBand: FROM_250, nafCode: '78.20Z', area: 'ALL' },
];

/** The digit that makes `body + digit` pass the Luhn check. */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Position from the right once the check digit is appended: the last body digit is doubled.
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Luhn-valid SIRET: a Luhn-valid SIREN, then an establishment number (NIC) whose last digit makes the 14 valid. */
function fictionalSiret(rng: Random): string {
  // SIRENs of companies are allocated from 3xx to 9xx; stay in that range.
  const sirenBody = String(rng.int(3, 9)) + String(rng.int(0, 9_999_999)).padStart(7, '0');
  const siren = sirenBody + luhnCheckDigit(sirenBody);
  const nicBody = String(rng.int(1, 299)).padStart(4, '0');
  const body = siren + nicBody;
  return body + luhnCheckDigit(body);
}

export interface Companies {
  companies: Company[];
  companyByKey: Map<string, Company>;
  specByKey: Map<string, CompanySpec>;
}

export function buildCompanies(): Companies {
  const rng = new Random('demo:companies');
  const used = new Set<string>();
  const companies = COMPANY_SPECS.map((spec) => {
    let siret = fictionalSiret(rng);
    while (used.has(siret.slice(0, 9))) siret = fictionalSiret(rng);
    if (!isValidSiret(siret)) throw new Error(`Demo data: generated SIRET ${siret} is not valid`);
    used.add(siret.slice(0, 9));
    const company = new Company();
    company.id = deterministicUuid(`company:${spec.key}`);
    company.siret = siret;
    company.name = spec.name;
    company.headcountBand = spec.headcountBand;
    company.nafCode = spec.nafCode;
    company.kind = spec.kind;
    return stamp(company, DEMO_SETUP_DATE);
  });
  return {
    companies,
    companyByKey: new Map(COMPANY_SPECS.map((spec, i) => [spec.key, companies[i]!])),
    specByKey: new Map(COMPANY_SPECS.map((spec) => [spec.key, spec])),
  };
}
