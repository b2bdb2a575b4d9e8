/**
 * Forty-five markets with insertion clauses, their lots and the companies that won them.
 * Buyers are spread over the landlords, the communes, the EPCIs, the Département and the Région;
 * the facilitator is the PLIE of the market's territory.
 *
 * Access cases exercised here (see test/seeds/demo-data.test.ts):
 * - (b) seven markets are bought by the Département (colleges, roads, cleaning), in four PLIE territories;
 * - (d) TOH-2025-002 is a DRAFT market with no facilitator, no notification and no award yet.
 */
import {
  Award, Charter, ClauseMechanism, Company, Lot, Market, MarketNature, MarketStatus, Operation, Organisation,
} from '../../src/db/entities/index.js';
import { addDays, periodEnd } from '../../src/domain/dates.js';
import { plannedInsertionHours } from '../../src/domain/planned-hours.js';
import { deterministicUuid, Random } from '../random.js';
import { DEMO_AS_OF, DEMO_SETUP_DATE, required, roundTo, stamp } from './common.js';
import { OP } from './charters.js';
import { ORG } from './organisations.js';

interface LotSpec {
  title: string;
  /** Share of the market amount, in percent; the shares of a market add up to 100. */
  share: number;
  /** Company keys (companies.ts); two or more for a joint bid (groupement); none when not awarded yet. */
  awardees: string[];
}

interface ClauseSpec {
  mechanism: ClauseMechanism;
  labourRate?: number;
  insertionRate?: number;
  hourlyCost?: number;
  statedHours?: number;
}

export interface MarketSpec {
  /** The buyer's reference, also the stable key of the market. */
  reference: string;
  buyer: string;
  facilitator: string | null;
  operation: string | null;
  /** Market under the Calais NPNRU charter. */
  charter: boolean;
  object: string;
  nature: MarketNature;
  cpv: string;
  /** Notification date; null for a market not yet notified (draft). */
  notified: string | null;
  durationMonths: number;
  amountHt: number;
  clause: ClauseSpec;
  /** Only DRAFT or ARCHIVED; otherwise the status follows the dates (ACTIVE, or CLOSED once ended). */
  status?: MarketStatus.DRAFT | MarketStatus.ARCHIVED;
  lots: LotSpec[];
}

const { WORKS, ENGINEERING, SERVICES, GUP } = MarketNature;
const { EXECUTION_CONDITION, AWARD_CRITERION, RESERVED_MARKET, INSERTION_OBJECT } = ClauseMechanism;
const lot = (title: string, share: number, ...awardees: string[]): LotSpec => ({ title, share, awardees });
/** ANRU "kit insertion" parameters: labour rate, insertion rate, loaded hourly cost. */
const kit = (mechanism: ClauseMechanism, labourRate: number, insertionRate: number, hourlyCost: number): ClauseSpec => ({
  mechanism, labourRate, insertionRate, hourlyCost,
});
/** Hours stated by the buyer instead of the formula. */
const stated = (mechanism: ClauseMechanism, statedHours: number): ClauseSpec => ({ mechanism, statedHours });

/** CPV codes used below. */
const CPV = {
  works: '45000000-7',
  demolition: '45111100-9',
  landscaping: '45112700-2',
  housing: '45211000-9',
  schools: '45214200-2',
  roads: '45233140-2',
  roadMaintenance: '45233141-9',
  roofing: '45261000-4',
  insulation: '45321000-3',
  heating: '45331000-6',
  renovation: '45453000-7',
  engineering: '71000000-8',
  architecture: '71200000-0',
  architectBuildings: '71221000-3',
  supervision: '71520000-9',
  greenSpaces: '77310000-6',
  wasteCollection: '90511000-2',
  cleaning: '90910000-9',
  buildingCleaning: '90911200-8',
} as const;

export const MARKET_SPECS: readonly MarketSpec[] = [
  // ---- Calaisis: NPNRU Fort-Nieulay / Beau-Marais, under the charter (5 % on works and engineering) ----
  {
    reference: 'TOH-2022-011', buyer: ORG.terreOpale, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Réhabilitation thermique de 212 logements – Fort-Nieulay, tranche 1', nature: WORKS, cpv: CPV.renovation,
    notified: '2022-03-14', durationMonths: 30, amountHt: 6_200_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [
      lot('Gros œuvre et démolitions intérieures', 30, 'bati-calaisis'),
      lot("Isolation thermique par l'extérieur", 30, 'isol-opale'),
      lot('Menuiseries extérieures', 22, 'menuiseries-littoral'),
      lot('Électricité – ventilation', 18, 'littoral-elec'),
    ],
  },
  {
    reference: 'TOH-2022-027', buyer: ORG.terreOpale, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Démolition de 96 logements – Beau-Marais, bâtiments B et C', nature: WORKS, cpv: CPV.demolition,
    notified: '2022-06-20', durationMonths: 14, amountHt: 1_450_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 25),
    lots: [lot('Désamiantage et démolition', 100, 'batinord')],
  },
  {
    reference: 'HHDF-22-T-031', buyer: ORG.habitatHdf, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Construction de 48 logements individuels – Beau-Marais', nature: WORKS, cpv: CPV.housing,
    notified: '2022-10-03', durationMonths: 30, amountHt: 7_800_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [
      lot('Gros œuvre', 45, 'maisons-nordiques'),
      lot('Plâtrerie – isolation', 15, 'isol-opale'),
      lot('Plomberie – chauffage', 20, 'artois-thermique'),
      lot('Peinture – revêtements de sols', 20, 'peintures-artois'),
    ],
  },
  {
    reference: 'HHDF-23-T-004', buyer: ORG.habitatHdf, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Réhabilitation de 130 logements – Fort-Nieulay, résidence Les Mouettes', nature: WORKS, cpv: CPV.renovation,
    notified: '2023-02-13', durationMonths: 24, amountHt: 4_900_000, clause: kit(AWARD_CRITERION, 0.4, 0.05, 26),
    lots: [
      lot('Clos et couvert', 50, 'bati-calaisis', 'opale-gros-oeuvre'),
      lot('Chauffage – ventilation', 25, 'artois-thermique'),
      lot('Peinture des parties communes', 25, 'peintures-artois'),
    ],
  },
  {
    reference: 'GCTM-2023-AO-08', buyer: ORG.grandCalais, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Aménagement des espaces publics du cœur de quartier Fort-Nieulay', nature: WORKS, cpv: CPV.landscaping,
    notified: '2023-05-22', durationMonths: 20, amountHt: 2_300_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 25),
    lots: [
      lot('Voirie et réseaux divers', 60, 'routes-artois'),
      lot('Espaces verts et plantations', 25, 'jardins-gohelle'),
      lot('Éclairage public', 15, 'littoral-elec'),
    ],
  },
  {
    reference: 'VDC-2023-T-19', buyer: ORG.villeCalais, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Construction du groupe scolaire du Beau-Marais', nature: WORKS, cpv: CPV.schools,
    notified: '2023-09-11', durationMonths: 26, amountHt: 5_600_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [
      lot('Gros œuvre', 40, 'bati-calaisis'),
      lot('Menuiseries', 20, 'menuiseries-littoral'),
      lot('Électricité', 15, 'littoral-elec'),
      lot('Chauffage – plomberie', 25, 'artois-thermique'),
    ],
  },
  {
    // Both the formula's parameters and stated hours: the stated hours apply.
    reference: 'GCTM-2021-MOE-02', buyer: ORG.grandCalais, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: "Maîtrise d'œuvre urbaine du projet NPNRU Fort-Nieulay / Beau-Marais", nature: ENGINEERING, cpv: CPV.architecture,
    notified: '2021-11-15', durationMonths: 60, amountHt: 850_000,
    clause: { ...kit(AWARD_CRITERION, 0.25, 0.05, 30), statedHours: 700 },
    lots: [lot("Mission de maîtrise d'œuvre urbaine", 100, 'atelier-beffroi', 'bet-opale')],
  },
  {
    reference: 'TOH-2022-004', buyer: ORG.terreOpale, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Ordonnancement, pilotage et coordination des chantiers de Fort-Nieulay', nature: ENGINEERING, cpv: CPV.supervision,
    notified: '2022-02-07', durationMonths: 36, amountHt: 320_000, clause: stated(EXECUTION_CONDITION, 350),
    lots: [lot('Mission OPC', 100, 'bet-opale')],
  },
  {
    reference: 'VDC-2024-T-05', buyer: ORG.villeCalais, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: "Démolition de l'ancien centre commercial du Beau-Marais", nature: WORKS, cpv: CPV.demolition,
    notified: '2024-03-18', durationMonths: 10, amountHt: 980_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 25),
    lots: [lot('Curage, désamiantage et démolition', 100, 'batinord')],
  },
  {
    reference: 'TOH-2024-016', buyer: ORG.terreOpale, facilitator: ORG.plieCalaisis, operation: OP.npnruCalais, charter: true,
    object: 'Réhabilitation de 150 logements – Fort-Nieulay, tranche 2', nature: WORKS, cpv: CPV.renovation,
    notified: '2024-06-10', durationMonths: 24, amountHt: 5_400_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [
      lot('Gros œuvre', 35, 'opale-gros-oeuvre'),
      lot("Isolation thermique par l'extérieur", 35, 'isol-opale'),
      lot('Menuiseries extérieures', 30, 'menuiseries-littoral'),
    ],
  },
  {
    // Access case (d): not notified yet, no facilitator, nothing awarded.
    reference: 'TOH-2025-002', buyer: ORG.terreOpale, facilitator: null, operation: OP.npnruCalais, charter: true,
    object: 'Résidentialisation de 80 logements – Beau-Marais, tranche 3', nature: WORKS, cpv: CPV.landscaping,
    notified: null, durationMonths: 18, amountHt: 1_500_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 26),
    status: MarketStatus.DRAFT,
    lots: [lot('Lot unique', 100)],
  },
  // ---- Calaisis: gestion urbaine de proximité, under the charter (10 % on GUP markets) ----
  {
    reference: 'VDC-2022-S-07', buyer: ORG.villeCalais, facilitator: ORG.plieCalaisis, operation: OP.gupCalais, charter: true,
    object: 'Entretien des espaces verts des quartiers Fort-Nieulay et Beau-Marais', nature: GUP, cpv: CPV.greenSpaces,
    notified: '2022-04-04', durationMonths: 36, amountHt: 420_000, clause: stated(INSERTION_OBJECT, 6_500),
    lots: [lot('Secteur Fort-Nieulay', 50, 'aci-brigades-vertes'), lot('Secteur Beau-Marais', 50, 'aci-brigades-vertes')],
  },
  {
    reference: 'TOH-2022-033', buyer: ORG.terreOpale, facilitator: ORG.plieCalaisis, operation: OP.gupCalais, charter: true,
    object: 'Nettoyage des parties communes du patrimoine du Beau-Marais', nature: GUP, cpv: CPV.buildingCleaning,
    notified: '2022-09-05', durationMonths: 36, amountHt: 360_000, clause: kit(RESERVED_MARKET, 0.5, 0.1, 23),
    lots: [lot("Halls et cages d'escalier", 70, 'ei-net-opale'), lot('Vitrerie', 30, 'ea-horizons')],
  },
  {
    reference: 'HHDF-23-S-002', buyer: ORG.habitatHdf, facilitator: ORG.plieCalaisis, operation: OP.gupCalais, charter: true,
    object: 'Nettoyage et enlèvement des encombrants – Fort-Nieulay', nature: GUP, cpv: CPV.cleaning,
    notified: '2023-01-16', durationMonths: 36, amountHt: 280_000, clause: kit(EXECUTION_CONDITION, 0.5, 0.1, 23),
    lots: [lot('Lot unique', 100, 'proprete-littoral')],
  },
  {
    reference: 'GCTM-2023-S-11', buyer: ORG.grandCalais, facilitator: ORG.plieCalaisis, operation: OP.gupCalais, charter: true,
    object: 'Propreté urbaine et collecte des dépôts sauvages des quartiers NPNRU', nature: GUP, cpv: CPV.wasteCollection,
    notified: '2023-07-03', durationMonths: 48, amountHt: 1_900_000, clause: kit(EXECUTION_CONDITION, 0.45, 0.1, 24),
    lots: [lot('Collecte des dépôts sauvages', 60, 'proprete-littoral'), lot('Balayage manuel', 40, 'ei-net-opale')],
  },
  {
    reference: 'VDC-2024-S-02', buyer: ORG.villeCalais, facilitator: ORG.plieCalaisis, operation: OP.gupCalais, charter: true,
    object: 'Petits travaux de remise en état des halls et des caves', nature: GUP, cpv: CPV.renovation,
    notified: '2024-02-12', durationMonths: 24, amountHt: 180_000, clause: kit(RESERVED_MARKET, 0.5, 0.1, 24),
    lots: [lot('Lot unique', 100, 'aci-baticoeur')],
  },
  // ---- Calaisis: other buyers ----
  {
    reference: 'RHDF-2022-LYC-118', buyer: ORG.region, facilitator: ORG.plieCalaisis, operation: null, charter: false,
    object: 'Restructuration du lycée professionnel – Calais', nature: WORKS, cpv: CPV.schools,
    notified: '2022-11-21', durationMonths: 28, amountHt: 3_900_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [
      lot('Gros œuvre', 40, 'batinord'),
      lot('Couverture – étanchéité', 15, 'couvertures-delattre'),
      lot('Électricité', 20, 'littoral-elec'),
      lot('Peinture', 25, 'peintures-artois'),
    ],
  },
  {
    reference: 'CD62-2023-0412', buyer: ORG.departement, facilitator: ORG.plieCalaisis, operation: OP.departement, charter: false,
    object: 'Réhabilitation de la demi-pension et du CDI d\'un collège de Calais', nature: WORKS, cpv: CPV.schools,
    notified: '2023-04-17', durationMonths: 18, amountHt: 2_100_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.07, 26),
    lots: [
      lot('Gros œuvre', 50, 'opale-gros-oeuvre'),
      lot('Menuiseries intérieures', 25, 'menuiseries-littoral'),
      lot('Plomberie', 25, 'artois-thermique'),
    ],
  },
  {
    reference: 'CD62-2022-0218', buyer: ORG.departement, facilitator: ORG.plieCalaisis, operation: OP.departement, charter: false,
    object: 'Contrôle technique et coordination SPS des chantiers de collèges du Calaisis', nature: ENGINEERING, cpv: CPV.supervision,
    notified: '2022-06-13', durationMonths: 48, amountHt: 280_000, clause: kit(AWARD_CRITERION, 0.25, 0.05, 30),
    lots: [lot('Lot unique', 100, 'bet-opale')],
  },
  {
    reference: 'GCTM-2024-T-03', buyer: ORG.grandCalais, facilitator: ORG.plieCalaisis, operation: null, charter: false,
    object: 'Réfection des voiries communautaires – secteur Coquelles-Marck', nature: WORKS, cpv: CPV.roads,
    notified: '2024-05-06', durationMonths: 12, amountHt: 1_200_000, clause: kit(AWARD_CRITERION, 0.3, 0.06, 25),
    lots: [lot('Lot unique', 100, 'routes-artois')],
  },
  {
    // Ended in 2021, before the demo's first reporting month: kept for the record.
    reference: 'VDC-2021-T-04', buyer: ORG.villeCalais, facilitator: ORG.plieCalaisis, operation: null, charter: false,
    object: 'Réfection de la voirie de la rue principale du Beau-Marais', nature: WORKS, cpv: CPV.roads,
    notified: '2021-03-15', durationMonths: 9, amountHt: 650_000, clause: kit(EXECUTION_CONDITION, 0.3, 0.05, 24),
    status: MarketStatus.ARCHIVED,
    lots: [lot('Lot unique', 100, 'routes-artois')],
  },
  // ---- Boulonnais ----
  {
    reference: 'HHDF-23-T-019', buyer: ORG.habitatHdf, facilitator: ORG.plieBoulonnais, operation: null, charter: false,
    object: 'Réhabilitation de 64 logements – Boulogne-sur-Mer, quartier du Chemin Vert', nature: WORKS, cpv: CPV.renovation,
    notified: '2023-11-06', durationMonths: 24, amountHt: 3_100_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [lot('Clos et couvert', 60, 'batinord'), lot('Second œuvre', 40, 'peintures-artois')],
  },
  // ---- Lens-Liévin: ERBM (Maisons & Cités), NPNRU Cité du 12/14, communes, Département, Région ----
  {
    reference: 'MC-ERBM-2022-118', buyer: ORG.maisonsCites, facilitator: ORG.plieLensLievin, operation: OP.erbmLensLievin, charter: false,
    object: 'ERBM – rénovation énergétique de 180 logements miniers, cité 9 à Lens', nature: WORKS, cpv: CPV.insulation,
    notified: '2022-05-09', durationMonths: 30, amountHt: 7_400_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [
      lot('Isolation thermique', 35, 'isol-opale'),
      lot('Menuiseries extérieures', 20, 'menuiseries-littoral'),
      lot('Chauffage', 25, 'artois-thermique'),
      lot('Couverture', 20, 'couvertures-delattre'),
    ],
  },
  {
    reference: 'MC-ERBM-2023-041', buyer: ORG.maisonsCites, facilitator: ORG.plieLensLievin, operation: OP.erbmLensLievin, charter: false,
    object: 'ERBM – réhabilitation de 120 logements, cité des Marichelles à Liévin', nature: WORKS, cpv: CPV.renovation,
    notified: '2023-03-06', durationMonths: 26, amountHt: 5_100_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [
      lot('Gros œuvre', 40, 'batinord'),
      lot('Plâtrerie – isolation', 20, 'platrerie-lefranc'),
      lot('Électricité', 20, 'gohelle-electricite'),
      lot('Peinture', 20, 'peintures-artois'),
    ],
  },
  {
    reference: 'MC-ERBM-2024-007', buyer: ORG.maisonsCites, facilitator: ORG.plieLensLievin, operation: OP.erbmLensLievin, charter: false,
    object: 'ERBM – couvertures et menuiseries, cité de Calonne à Liévin', nature: WORKS, cpv: CPV.roofing,
    notified: '2024-01-22', durationMonths: 20, amountHt: 2_600_000, clause: kit(AWARD_CRITERION, 0.4, 0.06, 26),
    lots: [lot('Couverture', 55, 'couvertures-delattre'), lot('Menuiseries', 45, 'menuiseries-littoral')],
  },
  {
    reference: 'MC-ERBM-2024-052', buyer: ORG.maisonsCites, facilitator: ORG.plieLensLievin, operation: OP.erbmLensLievin, charter: false,
    object: 'ERBM – rénovation de 75 logements, cité 4 à Avion', nature: WORKS, cpv: CPV.renovation,
    notified: '2024-09-16', durationMonths: 28, amountHt: 3_400_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [lot('Clos et couvert', 60, 'maisons-nordiques'), lot('Chauffage', 40, 'artois-thermique')],
  },
  {
    reference: 'MC-ERBM-2021-203', buyer: ORG.maisonsCites, facilitator: ORG.plieLensLievin, operation: OP.erbmLensLievin, charter: false,
    object: "ERBM – maîtrise d'œuvre des réhabilitations de Lens-Liévin", nature: ENGINEERING, cpv: CPV.engineering,
    notified: '2021-09-13', durationMonths: 48, amountHt: 610_000, clause: kit(EXECUTION_CONDITION, 0.2, 0.05, 30),
    lots: [lot('Lot unique', 100, 'bet-opale')],
  },
  {
    reference: 'CALL-2023-T-027', buyer: ORG.aggloLensLievin, facilitator: ORG.plieLensLievin, operation: OP.npnruLens, charter: false,
    object: 'NPNRU Cité du 12/14 – aménagement des espaces publics', nature: WORKS, cpv: CPV.landscaping,
    notified: '2023-06-12', durationMonths: 26, amountHt: 3_300_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 25),
    lots: [lot('Voirie et réseaux divers', 65, 'routes-artois'), lot('Espaces verts', 35, 'jardins-gohelle')],
  },
  {
    reference: 'CALL-2022-MOE-003', buyer: ORG.aggloLensLievin, facilitator: ORG.plieLensLievin, operation: OP.npnruLens, charter: false,
    object: "Maîtrise d'œuvre du projet NPNRU Cité du 12/14", nature: ENGINEERING, cpv: CPV.architectBuildings,
    notified: '2022-01-17', durationMonths: 48, amountHt: 540_000, clause: stated(AWARD_CRITERION, 420),
    lots: [lot('Lot unique', 100, 'atelier-beffroi')],
  },
  {
    reference: 'VL-2022-S-004', buyer: ORG.villeLens, facilitator: ORG.plieLensLievin, operation: null, charter: false,
    object: 'Entretien des espaces verts – secteur Grande Résidence', nature: SERVICES, cpv: CPV.greenSpaces,
    notified: '2022-03-01', durationMonths: 36, amountHt: 240_000, clause: stated(INSERTION_OBJECT, 4_200),
    lots: [lot('Lot unique', 100, 'ei-vert-avenir')],
  },
  {
    reference: 'VL-2023-S-001', buyer: ORG.villeLens, facilitator: ORG.plieLensLievin, operation: null, charter: false,
    object: 'Nettoyage des bâtiments communaux', nature: SERVICES, cpv: CPV.buildingCleaning,
    notified: '2023-01-09', durationMonths: 36, amountHt: 310_000, clause: kit(RESERVED_MARKET, 0.5, 0.1, 23),
    lots: [lot('Écoles', 60, 'ea-horizons'), lot('Bâtiments administratifs', 40, 'ai-lens')],
  },
  {
    reference: 'PDCH-2022-0456', buyer: ORG.pdcHabitat, facilitator: ORG.plieLensLievin, operation: null, charter: false,
    object: 'Réhabilitation de 96 logements – Grande Résidence, Lens', nature: WORKS, cpv: CPV.renovation,
    notified: '2022-09-19', durationMonths: 24, amountHt: 4_200_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [
      lot('Clos et couvert', 50, 'batinord'),
      lot('Chauffage – ventilation', 25, 'artois-thermique'),
      lot('Électricité', 25, 'gohelle-electricite'),
    ],
  },
  {
    reference: 'CD62-2023-0587', buyer: ORG.departement, facilitator: ORG.plieLensLievin, operation: OP.departement, charter: false,
    object: "Extension et restructuration d'un collège de Liévin", nature: WORKS, cpv: CPV.schools,
    notified: '2023-10-02', durationMonths: 24, amountHt: 4_600_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.07, 27),
    lots: [
      lot('Gros œuvre', 45, 'maisons-nordiques'),
      lot('Plâtrerie', 20, 'platrerie-lefranc'),
      lot('Électricité', 15, 'gohelle-electricite'),
      lot('Peinture', 20, 'peintures-artois'),
    ],
  },
  {
    reference: 'RHDF-2024-LYC-042', buyer: ORG.region, facilitator: ORG.plieLensLievin, operation: null, charter: false,
    object: "Rénovation de l'internat d'un lycée de Lens", nature: WORKS, cpv: CPV.renovation,
    notified: '2024-04-08', durationMonths: 20, amountHt: 2_800_000, clause: kit(AWARD_CRITERION, 0.4, 0.05, 27),
    lots: [lot('Gros œuvre', 50, 'batinord'), lot('Second œuvre', 50, 'peintures-artois')],
  },
  // ---- Hénin-Carvin ----
  {
    reference: 'MC-ERBM-2022-164', buyer: ORG.maisonsCites, facilitator: ORG.plieHeninCarvin, operation: OP.erbmHeninCarvin, charter: false,
    object: 'ERBM – réhabilitation de 140 logements, cité Darcy à Hénin-Beaumont', nature: WORKS, cpv: CPV.renovation,
    notified: '2022-11-07', durationMonths: 30, amountHt: 5_800_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [
      lot('Gros œuvre', 40, 'batinord'),
      lot('Isolation thermique', 30, 'isol-opale'),
      lot('Électricité', 30, 'gohelle-electricite'),
    ],
  },
  {
    reference: 'MC-ERBM-2023-099', buyer: ORG.maisonsCites, facilitator: ORG.plieHeninCarvin, operation: OP.erbmHeninCarvin, charter: false,
    object: 'ERBM – isolation thermique de 90 logements à Courrières', nature: WORKS, cpv: CPV.insulation,
    notified: '2023-09-04', durationMonths: 20, amountHt: 2_200_000, clause: kit(AWARD_CRITERION, 0.4, 0.06, 26),
    lots: [lot('Lot unique', 100, 'isol-opale')],
  },
  {
    reference: 'CD62-2023-0133', buyer: ORG.departement, facilitator: ORG.plieHeninCarvin, operation: OP.departement, charter: false,
    object: "Entretien des routes départementales – secteur d'Hénin-Carvin", nature: WORKS, cpv: CPV.roadMaintenance,
    notified: '2023-03-13', durationMonths: 36, amountHt: 950_000, clause: kit(EXECUTION_CONDITION, 0.3, 0.05, 25),
    lots: [lot('Lot unique', 100, 'routes-artois')],
  },
  {
    reference: 'PDCH-2024-0318', buyer: ORG.pdcHabitat, facilitator: ORG.plieHeninCarvin, operation: null, charter: false,
    object: 'Réhabilitation de 72 logements – Hénin-Beaumont', nature: WORKS, cpv: CPV.renovation,
    notified: '2024-03-25', durationMonths: 26, amountHt: 3_200_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 26),
    lots: [lot('Clos et couvert', 55, 'batinord'), lot('Plomberie – chauffage', 45, 'artois-thermique')],
  },
  // ---- Béthunois ----
  {
    reference: 'VB-2022-T-012', buyer: ORG.villeBethune, facilitator: ORG.plieBethunois, operation: null, charter: false,
    object: 'Réaménagement des espaces publics du Mont-Liébaut', nature: WORKS, cpv: CPV.landscaping,
    notified: '2022-07-04', durationMonths: 22, amountHt: 2_400_000, clause: kit(EXECUTION_CONDITION, 0.35, 0.05, 25),
    lots: [lot('Voirie et réseaux divers', 60, 'routes-artois'), lot('Espaces verts', 40, 'jardins-gohelle')],
  },
  {
    reference: 'VB-2023-S-003', buyer: ORG.villeBethune, facilitator: ORG.plieBethunois, operation: null, charter: false,
    object: 'Entretien des espaces verts des quartiers prioritaires', nature: SERVICES, cpv: CPV.greenSpaces,
    notified: '2023-02-06', durationMonths: 36, amountHt: 190_000, clause: stated(INSERTION_OBJECT, 3_300),
    lots: [lot('Lot unique', 100, 'ei-vert-avenir')],
  },
  {
    reference: 'PDCH-2023-0212', buyer: ORG.pdcHabitat, facilitator: ORG.plieBethunois, operation: null, charter: false,
    object: 'Réhabilitation de 110 logements – Mont-Liébaut, Béthune', nature: WORKS, cpv: CPV.renovation,
    notified: '2023-05-15', durationMonths: 28, amountHt: 4_700_000, clause: kit(AWARD_CRITERION, 0.4, 0.05, 26),
    lots: [
      lot('Clos et couvert', 45, 'maisons-nordiques'),
      lot('Plâtrerie – isolation', 25, 'platrerie-lefranc'),
      lot('Plomberie – chauffage', 30, 'artois-thermique'),
    ],
  },
  {
    reference: 'CD62-2022-0095', buyer: ORG.departement, facilitator: ORG.plieBethunois, operation: OP.departement, charter: false,
    object: 'Réfection de chaussées des routes départementales – secteur Béthune-Bruay', nature: WORKS, cpv: CPV.roads,
    notified: '2022-04-11', durationMonths: 14, amountHt: 1_600_000, clause: kit(EXECUTION_CONDITION, 0.3, 0.05, 25),
    lots: [lot('Lot unique', 100, 'routes-artois')],
  },
  {
    reference: 'RHDF-2024-LYC-077', buyer: ORG.region, facilitator: ORG.plieBethunois, operation: null, charter: false,
    object: "Chauffage et plomberie d'un lycée de Béthune", nature: WORKS, cpv: CPV.heating,
    notified: '2024-06-03', durationMonths: 16, amountHt: 880_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.05, 27),
    lots: [lot('Lot unique', 100, 'artois-thermique')],
  },
  // ---- Pays d'Artois and Pays de Saint-Omer ----
  {
    reference: 'CD62-2023-0021', buyer: ORG.departement, facilitator: ORG.plieArtois, operation: null, charter: false,
    object: 'Nettoyage des bâtiments départementaux – Arras', nature: SERVICES, cpv: CPV.buildingCleaning,
    notified: '2023-01-02', durationMonths: 36, amountHt: 620_000, clause: kit(RESERVED_MARKET, 0.5, 0.1, 23),
    lots: [lot('Hôtel du Département', 70, 'ea-horizons'), lot('Sites extérieurs', 30, 'ai-lens')],
  },
  {
    reference: 'CD62-2024-0066', buyer: ORG.departement, facilitator: ORG.plieSaintOmer, operation: OP.departement, charter: false,
    object: "Réhabilitation d'un collège de Saint-Omer", nature: WORKS, cpv: CPV.renovation,
    notified: '2024-02-05', durationMonths: 18, amountHt: 1_900_000, clause: kit(EXECUTION_CONDITION, 0.4, 0.07, 26),
    lots: [lot('Gros œuvre', 60, 'batinord'), lot('Menuiseries', 40, 'menuiseries-littoral')],
  },
];

export const marketId = (reference: string): string => deterministicUuid(`market:${reference}`);

/** What placements need to know about a market besides the entity. */
export interface MarketInfo {
  spec: MarketSpec;
  market: Market;
  lots: { lot: Lot; awardees: { key: string; company: Company; amountHt: number }[] }[];
  /** Planned insertion hours (stated or computed), used to weight where people are placed. */
  plannedHours: number;
}

export interface Markets {
  markets: Market[];
  lots: Lot[];
  awards: Award[];
  infos: MarketInfo[];
}

export function buildMarkets(
  orgs: ReadonlyMap<string, Organisation>,
  operations: ReadonlyMap<string, Operation>,
  charter: Charter,
  companies: ReadonlyMap<string, Company>,
): Markets {
  const rng = new Random('demo:markets');
  const markets: Market[] = [];
  const lots: Lot[] = [];
  const awards: Award[] = [];
  const infos: MarketInfo[] = [];

  for (const spec of MARKET_SPECS) {
    const shares = spec.lots.reduce((sum, l) => sum + l.share, 0);
    if (shares !== 100) throw new Error(`Demo data: lot shares of ${spec.reference} add up to ${shares}`);

    const market = new Market();
    market.id = marketId(spec.reference);
    market.buyer = required(orgs, spec.buyer, 'organisation');
    market.facilitator = spec.facilitator === null ? null : required(orgs, spec.facilitator, 'organisation');
    market.operation = spec.operation === null ? null : required(operations, spec.operation, 'operation');
    market.charter = spec.charter ? charter : null;
    market.reference = spec.reference;
    market.object = spec.object;
    market.nature = spec.nature;
    market.cpvCode = spec.cpv;
    market.notificationDate = spec.notified;
    market.durationMonths = spec.durationMonths;
    market.amountHt = spec.amountHt;
    market.clauseMechanism = spec.clause.mechanism;
    market.labourRate = spec.clause.labourRate ?? null;
    market.insertionRate = spec.clause.insertionRate ?? null;
    market.hourlyCost = spec.clause.hourlyCost ?? null;
    market.statedHours = spec.clause.statedHours ?? null;
    // Markets notified since 2024 are in the DECP open data (id as the buyer publishes it).
    market.decpId = spec.notified !== null && spec.notified >= '2024-01-01' ? spec.reference.replaceAll('-', '') : null;
    if (spec.notified === null) {
      market.startDate = null;
      market.endDate = null;
    } else {
      market.startDate = addDays(spec.notified, rng.int(14, 45));
      market.endDate = periodEnd(market.startDate, spec.durationMonths);
    }
    market.status = spec.status ?? (market.endDate !== null && market.endDate < DEMO_AS_OF ? MarketStatus.CLOSED : MarketStatus.ACTIVE);
    stamp(market, spec.notified ?? '2025-11-17');
    markets.push(market);

    const info: MarketInfo = {
      spec,
      market,
      lots: [],
      plannedHours: plannedInsertionHours({
        amountHt: market.amountHt,
        labourRate: market.labourRate,
        insertionRate: market.insertionRate,
        hourlyCost: market.hourlyCost,
        statedHours: market.statedHours,
      }).hours ?? 0,
    };
    spec.lots.forEach((lotSpec, index) => {
      const number = index + 1;
      const entity = new Lot();
      entity.id = deterministicUuid(`lot:${spec.reference}:${number}`);
      entity.market = market;
      entity.number = number;
      entity.title = lotSpec.title;
      stamp(entity, spec.notified ?? '2025-11-17');
      lots.push(entity);
      const lotAmount = (spec.amountHt * lotSpec.share) / 100;
      const lotInfo: MarketInfo['lots'][number] = { lot: entity, awardees: [] };
      for (const key of lotSpec.awardees) {
        const award = new Award();
        award.id = deterministicUuid(`award:${spec.reference}:${number}:${key}`);
        award.lot = entity;
        award.company = required(companies, key, 'company');
        award.amountHt = roundTo(lotAmount / lotSpec.awardees.length, 100);
        stamp(award, spec.notified ?? DEMO_SETUP_DATE);
        awards.push(award);
        lotInfo.awardees.push({ key, company: award.company, amountHt: award.amountHt });
      }
      info.lots.push(lotInfo);
    });
    infos.push(info);
  }
  return { markets, lots, awards, infos };
}
