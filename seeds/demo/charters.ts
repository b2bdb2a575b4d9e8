/**
 * QPVs, the Calais NPNRU charter (source 000) and the operations that group the markets.
 */
import {
  Charter, CharterQpv, CharterSignatory, CharterTarget, CharterTargetKind, Operation, Organisation, Programme, Qpv,
} from '../../src/db/entities/index.js';
import { deterministicUuid } from '../random.js';
import { DEMO_SETUP_DATE, required, stamp } from './common.js';
import { ORG } from './organisations.js';

export interface QpvSpec {
  key: string;
  name: string;
  commune: string;
}

/**
 * Fort-Nieulay and Beau-Marais are the QPVs of the Calais charter. The others are neighbourhoods of
 * the mining basin known from urban-renewal programmes; official codes are left null in the demo.
 */
export const QPV_SPECS: readonly QpvSpec[] = [
  { key: 'fort-nieulay', name: 'Fort-Nieulay', commune: 'Calais' },
  { key: 'beau-marais', name: 'Beau-Marais', commune: 'Calais' },
  { key: 'grande-residence', name: 'Grande Résidence', commune: 'Lens' },
  { key: 'cite-12-14', name: 'Cité du 12/14', commune: 'Lens' },
  { key: 'marichelles', name: 'Marichelles', commune: 'Liévin' },
  { key: 'calonne', name: 'Calonne', commune: 'Liévin' },
  { key: 'mont-liebaut', name: 'Mont-Liébaut', commune: 'Béthune' },
  { key: 'cite-darcy', name: 'Cité Darcy', commune: 'Hénin-Beaumont' },
];

export const CALAIS_CHARTER_NAME = "Charte locale d'insertion NPNRU de Calais 2022-2030";

export const OP = {
  npnruCalais: 'npnru-calais',
  gupCalais: 'gup-calais',
  npnruLens: 'npnru-lens',
  erbmLensLievin: 'erbm-lens-lievin',
  erbmHeninCarvin: 'erbm-henin-carvin',
  departement: 'departement-colleges-routes',
} as const;

interface OperationSpec {
  key: string;
  name: string;
  programme: Programme;
  owner: string;
  withCharter: boolean;
  territory: string;
}

const OPERATION_SPECS: readonly OperationSpec[] = [
  { key: OP.npnruCalais, name: 'NPNRU Calais – Fort-Nieulay et Beau-Marais', programme: Programme.NPNRU, owner: ORG.grandCalais, withCharter: true, territory: 'Calais' },
  { key: OP.gupCalais, name: 'Gestion urbaine de proximité – Fort-Nieulay et Beau-Marais', programme: Programme.GUP, owner: ORG.villeCalais, withCharter: true, territory: 'Calais' },
  { key: OP.npnruLens, name: 'NPNRU Lens – Cité du 12/14', programme: Programme.NPNRU, owner: ORG.aggloLensLievin, withCharter: false, territory: 'Lens' },
  { key: OP.erbmLensLievin, name: 'ERBM Lens-Liévin – rénovation des cités minières', programme: Programme.ERBM, owner: ORG.maisonsCites, withCharter: false, territory: 'Lens-Liévin' },
  { key: OP.erbmHeninCarvin, name: 'ERBM Hénin-Carvin – rénovation des cités minières', programme: Programme.ERBM, owner: ORG.maisonsCites, withCharter: false, territory: 'Hénin-Carvin' },
  { key: OP.departement, name: 'Programme départemental collèges et routes 2022-2026', programme: Programme.DEPARTEMENT, owner: ORG.departement, withCharter: false, territory: 'Pas-de-Calais' },
];

/** Targets of the Calais charter: kind, share, age threshold (for the share of young people). */
export const CALAIS_TARGETS: readonly (readonly [CharterTargetKind, number, number | null])[] = [
  [CharterTargetKind.WORKS_HOURS_RATE, 0.05, null],
  [CharterTargetKind.GUP_HOURS_RATE, 0.1, null],
  [CharterTargetKind.YOUNG_BENEFICIARIES_SHARE, 0.25, 25],
  [CharterTargetKind.TRAINING_ACCESS_SHARE, 0.25, null],
  // Demo assumption: the charter seeks gender mix without a figure; 20 % of women is our placeholder.
  [CharterTargetKind.WOMEN_BENEFICIARIES_SHARE, 0.2, null],
];

export interface ChartersAndOperations {
  qpvs: Qpv[];
  qpvByKey: Map<string, Qpv>;
  charters: Charter[];
  calaisCharter: Charter;
  charterQpvs: CharterQpv[];
  charterSignatories: CharterSignatory[];
  charterTargets: CharterTarget[];
  operations: Operation[];
  operationByKey: Map<string, Operation>;
}

export function buildChartersAndOperations(orgs: ReadonlyMap<string, Organisation>): ChartersAndOperations {
  const org = (slug: string) => required(orgs, slug, 'organisation');

  const qpvs = QPV_SPECS.map((spec) => {
    const qpv = new Qpv();
    qpv.id = deterministicUuid(`qpv:${spec.key}`);
    qpv.name = spec.name;
    qpv.commune = spec.commune;
    qpv.code = null;
    return stamp(qpv, DEMO_SETUP_DATE);
  });
  const qpvByKey = new Map(QPV_SPECS.map((spec, i) => [spec.key, qpvs[i]!]));

  const charter = new Charter();
  charter.id = deterministicUuid('charter:calais-npnru');
  charter.name = CALAIS_CHARTER_NAME;
  charter.coordinator = org(ORG.plieCalaisis);
  charter.startDate = '2022-01-01';
  charter.endDate = '2030-12-31';
  // Adopted by the Département's commission permanente on 18 September 2023 (source 000).
  stamp(charter, '2023-09-18');

  // The pivot rows are created directly (charter.qpvs is left alone, so they are not inserted twice).
  const charterQpvs = ['fort-nieulay', 'beau-marais'].map((key) => {
    const row = new CharterQpv();
    row.id = deterministicUuid(`charter-qpv:calais-npnru:${key}`);
    row.charter = charter;
    row.qpv = required(qpvByKey, key, 'QPV');
    return stamp(row, '2023-09-18');
  });

  const signatorySlugs = [
    ORG.etatCalais, ORG.grandCalais, ORG.villeCalais, ORG.region, ORG.departement, ORG.habitatHdf, ORG.terreOpale, ORG.plieCalaisis,
  ];
  const charterSignatories = signatorySlugs.map((slug) => {
    const signatory = new CharterSignatory();
    signatory.id = deterministicUuid(`charter-signatory:calais-npnru:${slug}`);
    signatory.charter = charter;
    signatory.organisation = org(slug);
    // The Département signed after its commission permanente; the others' dates are not in the sources.
    signatory.signedOn = slug === ORG.departement ? '2023-09-18' : null;
    return stamp(signatory, '2023-09-18');
  });

  const charterTargets = CALAIS_TARGETS.map(([kind, value, ageThreshold]) => {
    const target = new CharterTarget();
    target.id = deterministicUuid(`charter-target:calais-npnru:${kind}`);
    target.charter = charter;
    target.kind = kind;
    target.value = value;
    target.ageThreshold = ageThreshold;
    return stamp(target, '2023-09-18');
  });

  const operations = OPERATION_SPECS.map((spec) => {
    const operation = new Operation();
    operation.id = deterministicUuid(`operation:${spec.key}`);
    operation.name = spec.name;
    operation.programme = spec.programme;
    operation.owner = org(spec.owner);
    operation.charter = spec.withCharter ? charter : null;
    operation.territory = spec.territory;
    return stamp(operation, DEMO_SETUP_DATE);
  });
  const operationByKey = new Map(OPERATION_SPECS.map((spec, i) => [spec.key, operations[i]!]));

  return {
    qpvs, qpvByKey, charters: [charter], calaisCharter: charter, charterQpvs, charterSignatories, charterTargets, operations, operationByKey,
  };
}
