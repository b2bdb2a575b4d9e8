/**
 * The Département's yearly summary by PLIE and territory (domain.md §5): for each PLIE, the `total` of
 * the `indicators` query for the PLIE as an organisation, as the Département sees it; a subtotal per
 * territory; and the whole platform, where each hour and each person counts once (docs/indicators.md).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Organisation, OrganisationKind } from '../db/entities/index.js';
import { hoursToEtp } from '../domain/etp.js';
import type { Viewer } from '../graphql/context.js';
import { forbidden } from '../graphql/errors.js';
import { calendarYear, type Period } from '../indicators/period.js';
import { indicatorReport, type IndicatorView } from '../indicators/report.js';
import type { IndicatorScope } from '../indicators/queries/scope.js';
import { EXIT_CATEGORY_LABELS } from '../reporting/labels.js';
import { DYNAMIC_EXITS, dynamicExits, marketsFollowed } from './figures.js';
import { cellOf, countRow, hoursRow, identityOf, type Report, type ReportRow, type ReportSection } from './report.js';

export interface DepartementRequest {
  year: number;
  etpBase: number;
}

/** Figures that add up from one PLIE to the next: a market has one facilitator. */
const additiveRows = (view: IndicatorView): ReportRow[] => [
  hoursRow('Heures prévues', view.planned),
  countRow('Marchés suivis', marketsFollowed(view)),
  ...view.marketsByClause.map((cell) => countRow(`dont ${cell.label}`, cell)),
];

/**
 * Figures that do not: someone followed by one PLIE may work on a market another facilitates, and then
 * counts in both (hours, person and exit), but once in the whole.
 */
const distinctRows = (view: IndicatorView): ReportRow[] => [
  hoursRow('Heures réalisées', view.realised),
  countRow('Participants', view.people),
  countRow('dont BRSA', cellOf(view.peopleStatuses, 'BRSA')),
  countRow('dont moins de 26 ans', cellOf(view.youngPeople, 'UNDER_26')),
  countRow('Sorties dynamiques', dynamicExits(view)),
  ...DYNAMIC_EXITS.map((key) => countRow(`dont ${EXIT_CATEGORY_LABELS[key].toLowerCase()}`, cellOf(view.exitsByCategory, key))),
];

const summaryRows = (view: IndicatorView) => [...additiveRows(view), ...distinctRows(view)];

/** Row by row sums of sections with the same rows (hours in hundredths, as the indicators add them). */
function sumRows(sections: readonly ReportRow[][], etpBase: number): ReportRow[] {
  return sections[0]!.map((row, index) => {
    const cents = sections.reduce((sum, rows) => sum + Math.round(rows[index]!.value! * 100), 0);
    const value = cents / 100;
    return row.kind === 'hours' ? { ...row, value, etp: hoursToEtp(value, etpBase) } : { ...row, value };
  });
}

interface PlieFigures {
  plie: Organisation;
  view: IndicatorView;
}

function territorySections(territory: string, plies: readonly PlieFigures[], etpBase: number): ReportSection[] {
  const sections = plies.map(({ plie, view }) => ({ title: `${territory} : ${plie.name}`, rows: summaryRows(view) }));
  const subtotal: ReportSection = plies.length === 1
    ? { title: `${territory} : sous-total`, rows: sections[0]!.rows }
    : {
      title: `${territory} : sous-total (heures réalisées, participants et sorties : voir chaque PLIE et l'ensemble, ils ne s'additionnent pas)`,
      rows: sumRows(plies.map(({ view }) => additiveRows(view)), etpBase),
    };
  return [...sections, subtotal];
}

function byTerritory(figures: readonly PlieFigures[]): Map<string, PlieFigures[]> {
  const groups = new Map<string, PlieFigures[]>();
  for (const figure of figures) groups.set(figure.plie.territory, [...(groups.get(figure.plie.territory) ?? []), figure]);
  return groups;
}

export async function departementSummary(em: EntityManager, viewer: Viewer, request: DepartementRequest): Promise<Report> {
  if (viewer.acting?.kind !== OrganisationKind.DEPARTEMENT) throw forbidden('Seul le Département consulte la synthèse annuelle des PLIE');
  const period: Period = calendarYear(request.year);
  // One statement after the other: they share the request's connection.
  const totalOf = async (scope: IndicatorScope) => (await indicatorReport(em, viewer, { scope, period, etpBase: request.etpBase })).total;
  const whole = await indicatorReport(em, viewer, { scope: { kind: 'EVERYTHING' }, period, etpBase: request.etpBase });
  const figures: PlieFigures[] = [];
  for (const plie of await em.find(Organisation, { kind: OrganisationKind.PLIE }, { orderBy: { territory: 'asc', name: 'asc' } })) {
    figures.push({ plie, view: await totalOf({ kind: 'ORGANISATION', id: plie.id }) });
  }
  const sections = [...byTerritory(figures)].flatMap(([territory, plies]) => territorySections(territory, plies, request.etpBase));
  return {
    title: `Synthèse annuelle des PLIE par territoire, ${request.year}`,
    fileName: `synthese-plie-${request.year}`,
    identity: await identityOf(em, viewer, { ...whole, scope: { ...whole.scope, name: 'Les PLIE par territoire, et toute la plateforme' } }),
    sections: [...sections, { title: 'Ensemble (chaque heure et chaque personne comptées une fois)', rows: summaryRows(whole.total) }],
  };
}
