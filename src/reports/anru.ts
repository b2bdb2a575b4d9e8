/**
 * The ANRU semester report of a charter (domain.md §5): what its coordinator sends the ANRU delegate,
 * for the charter as a whole (the `total` of the `indicators` query for the charter and the semester).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context/request-context.js';
import { semester } from '../indicators/period.js';
import { indicatorReport, type IndicatorView } from '../indicators/report.js';
import { dynamicExits, hoursOf, qpvResidents, WORKS_NATURES } from './figures.js';
import { countRow, countRows, hoursRow, hoursRows, identityOf, rateRow, type Report, type ReportSection } from './report.js';

export interface AnruRequest {
  charterId: string;
  semester: string;
  etpBase: number;
}

function hoursSection(title: string, figure: IndicatorView['realised'], byNature: IndicatorView['hoursByNature']): ReportSection {
  return {
    title,
    rows: [
      hoursRow('Toutes natures', figure),
      hoursRow('Travaux et ingénierie', hoursOf(byNature, WORKS_NATURES, figure.etpBase)),
      ...hoursRows(byNature),
    ],
  };
}

export function anruSections(view: IndicatorView): ReportSection[] {
  return [
    hoursSection("Heures d'insertion réalisées", view.realised, view.hoursByNature),
    hoursSection("Heures d'insertion prévues (clauses entières des marchés en cours)", view.planned, view.plannedByNature),
    {
      title: 'Marchés en cours',
      rows: [
        countRow("Heures indiquées par l'acheteur", view.planned.marketsStated),
        countRow('Heures calculées (montant × taux de main-d’œuvre × taux d’insertion ÷ coût horaire)', view.planned.marketsComputed),
        countRow('Heures inconnues', view.planned.marketsUnknown),
        ...countRows(view.marketsByClause),
      ],
    },
    { title: 'Heures par modalité', rows: hoursRows(view.hoursByModality) },
    { title: 'Heures par type de contrat', rows: hoursRows(view.hoursByContractType) },
    { title: 'Entreprises par type', rows: [countRow('Toutes les entreprises', view.companies), ...countRows(view.companiesByKind)] },
    { title: 'Entreprises par effectif', rows: countRows(view.companiesByHeadcount) },
    { title: 'Entreprises par secteur (division NAF)', rows: countRows(view.companiesBySector) },
    {
      title: 'Participants',
      rows: [
        countRow('Participants', view.people),
        ...countRows(view.youngPeople),
        countRow("Résidents d'un quartier prioritaire (QPV)", qpvResidents(view)),
        ...countRows(view.peopleStatuses),
      ],
    },
    { title: 'Participants par sexe', rows: countRows(view.peopleBySex) },
    { title: "Participants par âge à l'entrée", rows: countRows(view.peopleByAgeBand) },
    { title: 'Participants par quartier de résidence', rows: countRows(view.peopleByQpv) },
    { title: 'Contrats par type', rows: [countRow('Tous les contrats', view.contracts), ...countRows(view.contractsByType)] },
    { title: 'Contrats par durée', rows: countRows(view.contractsByDuration) },
    {
      title: 'Sorties',
      rows: [countRow('Toutes les sorties', view.exits), countRow('Sorties dynamiques', dynamicExits(view)), ...countRows(view.exitsByCategory)],
    },
    {
      title: 'Objectifs de la charte',
      rows: view.targets.flatMap((target) => [
        rateRow(`${target.label} : objectif`, target.target),
        rateRow(`${target.label} : atteint`, target.achieved),
        rateRow(`${target.label} : avancement`, target.progress),
      ]),
    },
  ];
}

export async function anruReport(em: EntityManager, viewer: Viewer, request: AnruRequest): Promise<Report> {
  const indicators = await indicatorReport(em, viewer, {
    scope: { kind: 'CHARTER', id: request.charterId }, period: semester(request.semester), etpBase: request.etpBase,
  });
  return {
    title: `Rapport semestriel ANRU : ${indicators.scope.name}, ${request.semester}`,
    fileName: `rapport-anru-${request.semester}`,
    identity: await identityOf(em, viewer, indicators),
    sections: anruSections(indicators.total),
  };
}
