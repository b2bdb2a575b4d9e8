/**
 * The Département's yearly summary by PLIE and territory (domain.md §5): each PLIE's share of the whole
 * platform, as the `indicators` query gives the Département in `bySignatory` (the people it follows, the
 * markets it facilitates), a subtotal per territory (the shares add up: a person is followed by one PLIE),
 * and the whole platform, which also holds the markets no PLIE facilitates (docs/indicators.md).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { hoursToEtp } from '../domain/etp.js';
import type { Viewer } from '../context/request-context.js';
import { calendarYear } from '../indicators/period.js';
import { indicatorReport, type IndicatorView, type SignatoryView } from '../indicators/report.js';
import { EXIT_CATEGORY_LABELS } from '../reporting/labels.js';
import { DYNAMIC_EXITS, dynamicExits, marketsFollowed } from './figures.js';
import { cellOf, countRow, gridOf, hoursRow, identityOf, rateRow, type Report, type ReportRow, type ReportSection } from './report.js';

export interface DepartementRequest {
  year: number;
  etpBase: number;
}

/** Realised over planned hours; unknown when nothing was planned or either figure is hidden. */
const realisationRate = (planned: number | null, realised: number | null) => (planned && realised !== null ? realised / planned : null);

const summaryRows = (view: IndicatorView): ReportRow[] => [
  hoursRow('Heures prévues', view.planned),
  countRow('Marchés suivis', marketsFollowed(view)),
  ...view.marketsByClause.map((cell) => countRow(`dont ${cell.label}`, cell)),
  hoursRow('Heures réalisées', view.realised),
  rateRow('Taux de réalisation', realisationRate(view.planned.hours, view.realised.hours)),
  countRow('Participants', view.people),
  countRow('dont BRSA', cellOf(view.peopleStatuses, 'BRSA')),
  countRow('dont moins de 26 ans', cellOf(view.youngPeople, 'UNDER_26')),
  countRow('Sorties dynamiques', dynamicExits(view)),
  ...DYNAMIC_EXITS.map((key) => countRow(`dont ${EXIT_CATEGORY_LABELS[key].toLowerCase()}`, cellOf(view.exitsByCategory, key))),
];

/** One row's sum over the sections, in hundredths; null when a part is hidden. */
function sumOf(sections: readonly ReportRow[][], label: string): number | null {
  const parts = sections.map((rows) => rows.find((row) => row.label === label)!.value);
  return parts.some((value) => value === null) ? null : parts.reduce((sum: number, part) => sum + Math.round(part! * 100), 0) / 100;
}

/** Row by row sums of the PLIEs' sections (hours in hundredths, as the indicators add them); suppressed when a part is. */
function sumRows(sections: readonly ReportRow[][], etpBase: number): ReportRow[] {
  return sections[0]!.map((row) => {
    if (row.kind === 'rate') return { ...row, value: realisationRate(sumOf(sections, 'Heures prévues'), sumOf(sections, 'Heures réalisées')) };
    const value = sumOf(sections, row.label);
    if (row.kind === 'count') return { ...row, value };
    return { ...row, value, etp: value === null ? undefined : hoursToEtp(value, etpBase) };
  });
}

function territorySections(territory: string, shares: readonly SignatoryView[], etpBase: number): ReportSection[] {
  const sections = shares.map((share) => ({ title: `${territory} : ${share.name}`, rows: summaryRows(share.indicators) }));
  return [...sections, { title: `${territory} : sous-total`, rows: sumRows(sections.map((section) => section.rows), etpBase) }];
}

export async function departementSummary(em: EntityManager, viewer: Viewer, request: DepartementRequest): Promise<Report> {
  const whole = await indicatorReport(em, viewer, { scope: { kind: 'EVERYTHING' }, period: calendarYear(request.year), etpBase: request.etpBase, bySignatory: true });
  const byTerritory = new Map<string, SignatoryView[]>();
  for (const share of whole.bySignatory!) byTerritory.set(share.territory, [...(byTerritory.get(share.territory) ?? []), share]);
  const platform = { title: 'Ensemble de la plateforme', rows: summaryRows(whole.total) };
  const plies = whole.bySignatory!.map((share) => ({ title: share.name, rows: summaryRows(share.indicators) }));
  return {
    title: `Synthèse annuelle des PLIE par territoire, ${request.year}`,
    fileName: `synthese-plie-${request.year}`,
    identity: await identityOf(em, viewer, { ...whole, scope: { ...whole.scope, name: 'Les PLIE par territoire, et toute la plateforme' } }),
    sections: [...[...byTerritory].flatMap(([territory, shares]) => territorySections(territory, shares, request.etpBase)), platform],
    grid: gridOf(`Les PLIE côte à côte, ${request.year}`, [...plies, platform]),
  };
}
