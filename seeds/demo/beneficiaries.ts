/**
 * About four hundred fictional people followed by four PLIEs (Calaisis the largest), with the mix
 * the sources describe: about 30 % BRSA, 30 % under 26 at entry, a third living in a QPV, a third
 * women, some long-term jobseekers, people with a disability recognition (RQTH) and young people
 * who left child welfare (ASE). Identities are random combinations of common names.
 */
import { Beneficiary, BeneficiaryIdentity, Organisation, Qpv, QualificationLevel, Sex } from '../../src/db/entities/index.js';
import { ageOn } from '../../src/domain/age.js';
import { deterministicUuid, Random } from '../random.js';
import { randomDate, required, slugify, stamp } from './common.js';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names.js';
import { ORG } from './organisations.js';

interface PlieCohort {
  plie: string;
  count: number;
  /** Communes of residence with weights (people living outside a QPV). */
  communes: readonly (readonly [string, number])[];
  /** QPV keys of the territory with weights; the commune of a QPV resident is the QPV's. */
  qpvs: readonly (readonly [string, number])[];
}

export const COHORTS: readonly PlieCohort[] = [
  {
    plie: ORG.plieCalaisis,
    count: 190,
    communes: [['Calais', 60], ['Marck', 7], ['Guînes', 5], ['Coulogne', 4], ['Coquelles', 4], ['Oye-Plage', 4], ['Ardres', 4], ['Sangatte', 3], ['Audruicq', 3]],
    qpvs: [['fort-nieulay', 1], ['beau-marais', 1]],
  },
  {
    plie: ORG.plieLensLievin,
    count: 110,
    communes: [['Lens', 30], ['Liévin', 25], ['Avion', 10], ['Harnes', 8], ['Sallaumines', 6], ['Loos-en-Gohelle', 6], ['Bully-les-Mines', 6], ['Méricourt', 5], ['Grenay', 4], ['Wingles', 4], ['Mazingarbe', 4]],
    qpvs: [['grande-residence', 3], ['cite-12-14', 2], ['marichelles', 2], ['calonne', 2]],
  },
  {
    plie: ORG.plieBethunois,
    count: 65,
    communes: [['Béthune', 30], ['Bruay-la-Buissière', 20], ['Nœux-les-Mines', 10], ['Beuvry', 8], ['Auchel', 8], ['Lillers', 8], ['Isbergues', 4]],
    qpvs: [['mont-liebaut', 1]],
  },
  {
    plie: ORG.plieHeninCarvin,
    count: 35,
    communes: [['Hénin-Beaumont', 35], ['Carvin', 15], ['Courrières', 10], ['Montigny-en-Gohelle', 8], ['Oignies', 8], ['Libercourt', 7], ['Noyelles-Godault', 6], ['Rouvroy', 6]],
    qpvs: [['cite-darcy', 1]],
  },
];

const FIRST_ENTRY = '2022-01-03';
const LAST_ENTRY = '2025-09-30';

export interface BeneficiaryInfo {
  beneficiary: Beneficiary;
  identity: BeneficiaryIdentity;
  plie: string;
  /** 1-based rank within the PLIE's cohort. */
  rank: number;
}

export interface Beneficiaries {
  beneficiaries: Beneficiary[];
  identities: BeneficiaryIdentity[];
  infos: BeneficiaryInfo[];
}

export const beneficiaryId = (plie: string, rank: number): string => deterministicUuid(`beneficiary:${plie}:${rank}`);

export function buildBeneficiaries(orgs: ReadonlyMap<string, Organisation>, qpvs: ReadonlyMap<string, Qpv>): Beneficiaries {
  const rng = new Random('demo:beneficiaries');
  const beneficiaries: Beneficiary[] = [];
  const identities: BeneficiaryIdentity[] = [];
  const infos: BeneficiaryInfo[] = [];

  for (const cohort of COHORTS) {
    const plie = required(orgs, cohort.plie, 'organisation');
    const naturalKeys = new Set<string>();
    for (let rank = 1; rank <= cohort.count; rank++) {
      const sex = rng.chance(0.35) ? Sex.FEMALE : Sex.MALE;
      const entryDate = randomDate(rng, FIRST_ENTRY, LAST_ENTRY);
      const { firstName, lastName, birthDate, ageAtEntry } = drawPerson(rng, sex, entryDate, naturalKeys);

      let qpv: Qpv | null = null;
      let commune: string;
      if (rng.chance(0.35)) {
        qpv = required(qpvs, rng.weighted(cohort.qpvs), 'QPV');
        commune = qpv.commune;
      } else {
        commune = rng.weighted(cohort.communes);
      }

      const beneficiary = new Beneficiary();
      beneficiary.id = beneficiaryId(cohort.plie, rank);
      beneficiary.followedBy = plie;
      beneficiary.sex = sex;
      beneficiary.entryDate = entryDate;
      beneficiary.ageAtEntry = ageAtEntry;
      beneficiary.residenceCommune = commune;
      beneficiary.qpv = qpv;
      Object.assign(beneficiary, drawStatuses(rng, ageAtEntry));
      stamp(beneficiary, entryDate);

      const identity = new BeneficiaryIdentity();
      identity.beneficiary = beneficiary;
      identity.followedBy = plie;
      identity.lastName = lastName;
      identity.firstName = firstName;
      identity.birthDate = birthDate;
      Object.assign(identity, drawContact(rng, firstName, lastName));
      identity.address = null;
      stamp(identity, entryDate);
      beneficiary.identity = identity;

      beneficiaries.push(beneficiary);
      identities.push(identity);
      infos.push({ beneficiary, identity, plie: cohort.plie, rank });
    }
  }
  return { beneficiaries, identities, infos };
}

export interface DrawnPerson {
  firstName: string;
  lastName: string;
  birthDate: string;
  ageAtEntry: number;
}

/**
 * Names and birth date of a person entering the scheme on `entryDate`, about 30 % under 26.
 * Names and birth date are unique per PLIE (unique index on the identity): `naturalKeys` holds
 * those already taken in the PLIE, and a clash is drawn again.
 */
export function drawPerson(rng: Random, sex: Sex, entryDate: string, naturalKeys: Set<string>): DrawnPerson {
  const entryYear = Number(entryDate.slice(0, 4));
  const young = rng.chance(0.3);
  const birthYear = young
    ? rng.int(entryYear - 25, Math.min(2006, entryYear - 18))
    : rng.int(Math.max(1960, entryYear - 62), entryYear - 26);
  let firstName: string;
  let lastName: string;
  let birthDate: string;
  let key: string;
  do {
    firstName = rng.pick(sex === Sex.FEMALE ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    lastName = rng.pick(LAST_NAMES);
    birthDate = randomDate(rng, `${birthYear}-01-01`, `${birthYear}-12-31`);
    key = `${lastName.toLowerCase()}|${firstName.toLowerCase()}|${birthDate}`;
  } while (naturalKeys.has(key));
  naturalKeys.add(key);
  return { firstName, lastName, birthDate, ageAtEntry: ageOn(birthDate, entryDate) };
}

export type Statuses = Pick<Beneficiary, 'isBrsa' | 'isDeld' | 'isAse' | 'isRqth' | 'qualificationLevel'>;

/** Statuses at entry, with the mix the sources describe (about 30 % BRSA overall). */
export function drawStatuses(rng: Random, ageAtEntry: number): Statuses {
  return {
    // RSA is for people aged 25 or more, with rare exceptions.
    isBrsa: rng.chance(ageAtEntry >= 25 ? 0.4 : 0.03),
    isDeld: rng.chance(ageAtEntry >= 45 ? 0.5 : ageAtEntry >= 26 ? 0.35 : 0.1),
    isAse: ageAtEntry < 26 && rng.chance(0.2),
    isRqth: rng.chance(ageAtEntry >= 45 ? 0.14 : 0.06),
    qualificationLevel: rng.weighted([
      [QualificationLevel.NONE, 30],
      [QualificationLevel.LEVEL_3, 35],
      [QualificationLevel.LEVEL_4, 22],
      [QualificationLevel.LEVEL_5, 9],
      [QualificationLevel.LEVEL_6_PLUS, 4],
    ]),
  };
}

/** E-mail on a reserved example domain, and a phone in the range of mobile numbers kept for fiction (06 39 98 xx xx). */
export function drawContact(rng: Random, firstName: string, lastName: string): { email: string | null; phone: string | null } {
  return {
    email: rng.chance(0.55) ? `${slugify(firstName)}.${slugify(lastName)}${rng.int(1, 99)}@example.org`.replaceAll('-', '.') : null,
    phone: rng.chance(0.7) ? `06 39 98 ${String(rng.int(0, 99)).padStart(2, '0')} ${String(rng.int(0, 99)).padStart(2, '0')}` : null,
  };
}
