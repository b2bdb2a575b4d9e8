/**
 * The fixed part of one generated département: its organisations (the Département, eight PLIEs, the
 * préfecture, buyers), its QPVs, two urban-renewal charters with signatories and targets, the
 * operations, and the pool of companies that win its markets and employ its people.
 * Everything is named after the département's number ("Département test 3"), so that several
 * départements, and the demo data, live side by side without a clash of names.
 */
import { Company, CompanyKind, HeadcountBand, OrganisationKind, Programme } from '../../src/db/entities/index.js';
import { addDays, addMonths } from '../../src/domain/dates.js';
import { CALAIS_TARGETS } from '../demo/charters.js';
import { luhnCheckDigit } from '../demo/companies.js';
import { deterministicUuid, Random } from '../random.js';
import type { Row, TableRows } from './copy.js';

export const PLIES_PER_DEPARTEMENT = 8;
const VILLES_PER_PLIE = 2;
const OTHER_COMMUNES_PER_PLIE = 4;
const QPVS_PER_PLIE = 2;
const BAILLEURS = 6;
/** PLIEs 1 and 2 carry an urban-renewal charter each (NPNRU works, GUP). */
const CHARTER_PLIES = [1, 2] as const;

/** The years of data: `years` calendar years ending on the last day of `lastYear`. */
export interface Period {
  years: number;
  firstDay: string;
  lastDay: string;
}

export interface Plie {
  /** 1 to 8. */
  index: number;
  id: string;
  /** Communes of residence outside a QPV, with weights. */
  communes: readonly (readonly [string, number])[];
  qpvs: readonly { id: string; commune: string }[];
}

export interface Buyer {
  id: string;
  kind: OrganisationKind;
  /** Prefix of the buyer's market references. */
  code: string;
  /** PLIEs (1-based) on whose territory the buyer buys. */
  plies: readonly number[];
  /** Share of the département's markets. */
  weight: number;
}

export interface OperationRef {
  id: string;
  programme: Programme;
  charterId: string | null;
  /** PLIE of the operation's territory; null for the Département's programme, which covers all. */
  plie: number | null;
}

export interface Territory {
  number: number;
  code: string;
  departementId: string;
  plies: readonly Plie[];
  buyers: readonly Buyer[];
  operations: readonly OperationRef[];
  companies: readonly Company[];
  /** Rows of the tables above, in foreign-key order. */
  tables: readonly TableRows[];
}

export const timestamp = (day: string): string => `${day}T09:00:00.000Z`;

/** id, created_at, updated_at of a row created on `day`. */
export function baseRow(key: string, day: string): { id: string; created_at: string; updated_at: string } {
  return { id: deterministicUuid(key), created_at: timestamp(day), updated_at: timestamp(day) };
}

/** A Luhn-valid SIRET whose SIREN carries the département number and a serial, so generated ones never repeat. */
function siretOf(prefix: string, departement: number, serial: number, taken: ReadonlySet<string>): string {
  const sirenBody = `${prefix}${String(departement).padStart(4, '0')}${String(serial).padStart(3, '0')}`;
  const siren = sirenBody + luhnCheckDigit(sirenBody);
  for (let establishment = 1; ; establishment++) {
    const body = siren + String(establishment).padStart(4, '0');
    const siret = body + luhnCheckDigit(body);
    if (!taken.has(siret)) return siret;
  }
}

const { ORDINARY, SIAE_ACI, SIAE_EI, SIAE_ETTI, SIAE_AI, GEIQ, ADAPTED, TEMPORARY_WORK_AGENCY } = CompanyKind;

/** The companies of a département: trade, NAF code, kind, how many. */
const COMPANY_POOL: readonly (readonly [string, string, CompanyKind, number])[] = [
  ['Maisons', '41.20A', ORDINARY, 8],
  ['Bâtiment', '41.20B', ORDINARY, 14],
  ['Routes et terrassements', '42.11Z', ORDINARY, 8],
  ['Électricité', '43.21A', ORDINARY, 10],
  ['Thermique et plomberie', '43.22A', ORDINARY, 10],
  ['Isolation', '43.29A', ORDINARY, 8],
  ['Menuiseries', '43.32A', ORDINARY, 8],
  ['Peintures et façades', '43.34Z', ORDINARY, 10],
  ['Couvertures', '43.91B', ORDINARY, 6],
  ['Maçonnerie', '43.99C', ORDINARY, 12],
  ["Bureau d'études", '71.12B', ORDINARY, 6],
  ['Architectes', '71.11Z', ORDINARY, 4],
  ['Propreté', '81.21Z', ORDINARY, 8],
  ['Espaces verts', '81.30Z', ORDINARY, 6],
  ["Chantier d'insertion bâtiment", '43.39Z', SIAE_ACI, 2],
  ["Chantier d'insertion espaces verts", '81.30Z', SIAE_ACI, 3],
  ['Recyclerie solidaire', '88.99B', SIAE_ACI, 1],
  ['Entreprise d\'insertion bâtiment', '43.99C', SIAE_EI, 2],
  ["Entreprise d'insertion propreté", '81.21Z', SIAE_EI, 2],
  ["Entreprise d'insertion espaces verts", '81.30Z', SIAE_EI, 2],
  ["Intérim d'insertion", '78.20Z', SIAE_ETTI, 3],
  ['Association intermédiaire', '78.30Z', SIAE_AI, 3],
  ['GEIQ BTP', '78.30Z', GEIQ, 2],
  ['Entreprise adaptée propreté', '81.21Z', ADAPTED, 2],
  ['Entreprise adaptée espaces verts', '81.30Z', ADAPTED, 1],
  ['Travail temporaire', '78.20Z', TEMPORARY_WORK_AGENCY, 4],
];

const HEADCOUNTS: readonly (readonly [HeadcountBand, number])[] = [
  [HeadcountBand.FROM_1_TO_9, 30],
  [HeadcountBand.FROM_10_TO_49, 40],
  [HeadcountBand.FROM_50_TO_249, 22],
  [HeadcountBand.FROM_250, 8],
];

function buildCompanies(rng: Random, k: number, period: Period, taken: ReadonlySet<string>): Company[] {
  const companies: Company[] = [];
  for (const [trade, nafCode, kind, count] of COMPANY_POOL) {
    for (let i = 1; i <= count; i++) {
      const serial = companies.length + 1;
      const company = new Company();
      company.id = deterministicUuid(`scale:${k}:company:${serial}`);
      company.siret = siretOf('8', k, serial, taken);
      company.name = `${trade} test ${k}-${i}`;
      company.kind = kind;
      company.nafCode = nafCode;
      company.headcountBand = kind === ORDINARY ? rng.weighted(HEADCOUNTS) : rng.weighted(HEADCOUNTS.slice(1, 3));
      company.createdAt = new Date(timestamp(period.firstDay));
      company.updatedAt = company.createdAt;
      companies.push(company);
    }
  }
  return companies;
}

export function buildTerritory(k: number, period: Period, takenSirets: ReadonlySet<string>): Territory {
  const rng = new Random(`scale:${k}:territory`);
  const code = String(100 + k);
  const day = period.firstDay;
  const organisations: Row[] = [];
  const organisation = (slug: string, kind: OrganisationKind, name: string, territory: string, siret: string | null = null): string => {
    const row = { ...baseRow(`scale:${k}:organisation:${slug}`, day), kind, name, siret, territory, departement_code: code };
    organisations.push(row);
    return row.id;
  };

  const departementName = `Département test ${k}`;
  const departementId = organisation('departement', OrganisationKind.DEPARTEMENT, departementName, departementName, siretOf('2', k, 0, takenSirets));
  const prefectureId = organisation('prefecture', OrganisationKind.ETAT, `Préfecture du ${departementName}`, departementName);

  const qpvs: Row[] = [];
  const plies: Plie[] = [];
  const buyers: Buyer[] = [{ id: departementId, kind: OrganisationKind.DEPARTEMENT, code: `CD${code}`, plies: range(PLIES_PER_DEPARTEMENT), weight: 8 }];
  for (const p of range(PLIES_PER_DEPARTEMENT)) {
    const territory = `Territoire test ${k}-${p}`;
    const id = organisation(`plie-${p}`, OrganisationKind.PLIE, `PLIE test ${k}-${p}`, territory);
    const villes = range(VILLES_PER_PLIE).map((v) => `Commune ${k}-${p}-${v}`);
    villes.forEach((commune, v) => {
      const villeId = organisation(`ville-${p}-${v + 1}`, OrganisationKind.VILLE, `Ville test ${k}-${p}-${v + 1}`, commune);
      buyers.push({ id: villeId, kind: OrganisationKind.VILLE, code: `V${k}-${p}-${v + 1}`, plies: [p], weight: 2 });
    });
    const epciId = organisation(`epci-${p}`, OrganisationKind.EPCI, `Communauté d'agglomération test ${k}-${p}`, territory);
    buyers.push({ id: epciId, kind: OrganisationKind.EPCI, code: `CA${k}-${p}`, plies: [p], weight: 3 });
    const others = range(OTHER_COMMUNES_PER_PLIE).map((c) => `Commune ${k}-${p}-${VILLES_PER_PLIE + c}`);
    const plieQpvs = range(QPVS_PER_PLIE).map((q) => {
      const commune = villes[(q - 1) % villes.length]!;
      const row = { ...baseRow(`scale:${k}:qpv:${p}:${q}`, day), name: `Quartier prioritaire ${k}-${p}-${q}`, commune, code: null };
      qpvs.push(row);
      return { id: row.id, commune };
    });
    plies.push({
      index: p,
      id,
      communes: [...villes.map((c) => [c, 25] as const), ...others.map((c) => [c, 50 / others.length] as const)],
      qpvs: plieQpvs,
    });
  }
  for (const b of range(BAILLEURS)) {
    // Each landlord owns housing in three neighbouring PLIE territories.
    const covered = [0, 1, 2].map((offset) => ((b - 1 + offset) % PLIES_PER_DEPARTEMENT) + 1);
    const id = organisation(`bailleur-${b}`, OrganisationKind.BAILLEUR, `Bailleur test ${k}-${b}`, departementName);
    buyers.push({ id, kind: OrganisationKind.BAILLEUR, code: `B${k}-${b}`, plies: covered, weight: 7 });
  }

  const charters = CHARTER_PLIES.map((p) => buildCharter(k, p, period, { departementId, prefectureId, plies, buyers }));
  const operations = buildOperations(k, period, departementId, buyers, charters);
  const companies = buildCompanies(rng, k, period, takenSirets);

  return {
    number: k,
    code,
    departementId,
    plies,
    buyers,
    operations: operations.refs,
    companies,
    tables: [
      { table: 'organisation', rows: organisations },
      { table: 'qpv', rows: qpvs },
      { table: 'charter', rows: charters.map((c) => c.charter) },
      { table: 'charter_qpv', rows: charters.flatMap((c) => c.qpvs) },
      { table: 'charter_signatory', rows: charters.flatMap((c) => c.signatories) },
      { table: 'charter_target', rows: charters.flatMap((c) => c.targets) },
      { table: 'operation', rows: operations.rows },
      { table: 'company', rows: companies.map(companyRow) },
    ],
  };
}

interface BuiltCharter {
  plie: number;
  charter: Row & { id: string };
  qpvs: Row[];
  signatories: Row[];
  targets: Row[];
}

/** A charter of the PLIE's territory: eight years from the start of the period, signed by the local partners. */
function buildCharter(
  k: number,
  p: number,
  period: Period,
  orgs: { departementId: string; prefectureId: string; plies: readonly Plie[]; buyers: readonly Buyer[] },
): BuiltCharter {
  const plie = orgs.plies[p - 1]!;
  const key = `scale:${k}:charter:${p}`;
  const startDate = period.firstDay;
  const charter = {
    ...baseRow(key, startDate),
    name: `Charte locale d'insertion NPNRU test ${k}-${p}`,
    coordinator_id: plie.id,
    start_date: startDate,
    end_date: addDays(addMonths(startDate, 96), -1),
  };
  const local = orgs.buyers.filter((b) => b.plies.includes(p) && b.kind !== OrganisationKind.DEPARTEMENT);
  const signatories = [orgs.prefectureId, orgs.departementId, plie.id, ...local.map((b) => b.id)].map((organisationId) => ({
    ...baseRow(`${key}:signatory:${organisationId}`, startDate),
    charter_id: charter.id,
    organisation_id: organisationId,
    signed_on: startDate,
  }));
  return {
    plie: p,
    charter,
    qpvs: plie.qpvs.map((qpv) => ({ ...baseRow(`${key}:qpv:${qpv.id}`, startDate), charter_id: charter.id, qpv_id: qpv.id })),
    signatories,
    targets: CALAIS_TARGETS.map(([kind, value, ageThreshold]) => ({
      ...baseRow(`${key}:target:${kind}`, startDate),
      charter_id: charter.id,
      kind,
      value,
      age_threshold: ageThreshold,
    })),
  };
}

/** Per charter an NPNRU operation (owner: the EPCI) and a GUP one (owner: a ville); per landlord an ERBM renovation; the Département's programme. */
function buildOperations(k: number, period: Period, departementId: string, buyers: readonly Buyer[], charters: readonly BuiltCharter[]) {
  const refs: OperationRef[] = [];
  const rows: Row[] = [];
  const add = (slug: string, name: string, programme: Programme, ownerId: string, plie: number | null, charterId: string | null, territory: string) => {
    const row = { ...baseRow(`scale:${k}:operation:${slug}`, period.firstDay), name, programme, owner_id: ownerId, charter_id: charterId, territory };
    rows.push(row);
    refs.push({ id: row.id, programme, charterId, plie });
  };
  for (const { plie, charter } of charters) {
    const local = (kind: OrganisationKind) => buyers.find((b) => b.kind === kind && b.plies.includes(plie))!;
    const territory = `Territoire test ${k}-${plie}`;
    add(`npnru-${plie}`, `NPNRU test ${k}-${plie}`, Programme.NPNRU, local(OrganisationKind.EPCI).id, plie, charter.id, territory);
    add(`gup-${plie}`, `Gestion urbaine de proximité test ${k}-${plie}`, Programme.GUP, local(OrganisationKind.VILLE).id, plie, charter.id, territory);
  }
  for (const bailleur of buyers.filter((b) => b.kind === OrganisationKind.BAILLEUR)) {
    add(`erbm-${bailleur.code}`, `Rénovation ERBM ${bailleur.code}`, Programme.ERBM, bailleur.id, bailleur.plies[0]!, null, `Territoire test ${k}-${bailleur.plies[0]}`);
  }
  add('departement', `Programme départemental collèges et routes test ${k}`, Programme.DEPARTEMENT, departementId, null, null, `Département test ${k}`);
  return { refs, rows };
}

function companyRow(company: Company): Row {
  return {
    id: company.id,
    created_at: company.createdAt.toISOString(),
    updated_at: company.updatedAt.toISOString(),
    siret: company.siret,
    name: company.name,
    headcount_band: company.headcountBand,
    naf_code: company.nafCode,
    kind: company.kind,
  };
}

/** 1, 2, ..., n. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
