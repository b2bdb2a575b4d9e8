/** What the dashboards read of an indicator set: the same sums as the reports, suppression kept. */
import { figure } from '../../components/charts/FigureTable';
import type { Progress } from '../../components/charts/Gauges';

/** A count of the API (IndicatorCount): null when suppressed. */
interface Cell {
  key: string;
  value?: number | null;
}

export const DYNAMIC_EXITS = ['DURABLE_JOB', 'TRANSITION_JOB', 'POSITIVE_EXIT'];

export const valueOf = (cells: readonly Cell[], key: string) => cells.find((cell) => cell.key === key)?.value ?? null;

/** The sum of some cells; hidden when one of them is (the sum of what is shown would say less than the truth). */
export function sumOf(cells: readonly Cell[], keys: readonly string[]): number | null {
  const chosen = cells.filter((cell) => keys.includes(cell.key));
  return chosen.some((cell) => cell.value === null) ? null : chosen.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
}

/** Realised over planned hours; unknown when nothing was planned. */
export const realisationRate = (planned: number | null, realised: number | null) => (planned && realised !== null ? realised / planned : null);

/** The realisation rate as a gauge: unknown, not secret, when the planned hours are (hours are never suppressed). */
export const realisationProgress = (label: string, planned: number | null, realised: number | null): Progress => ({
  label,
  progress: realisationRate(planned, realised),
  absent: 'inconnu',
  detail: `${figure(realised, 'hours')} h réalisées sur ${figure(planned, 'hours')} h prévues`,
});

/** The months of a year, as the `indicators` query takes them (both days included). */
export function monthsOf(year: number): { label: string; from: string; to: string }[] {
  return Array.from({ length: 12 }, (_, index) => {
    const month = String(index + 1).padStart(2, '0');
    const last = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
    return { label: new Date(Date.UTC(year, index, 1)).toLocaleDateString('fr-FR', { month: 'short', timeZone: 'UTC' }), from: `${year}-${month}-01`, to: `${year}-${month}-${last}` };
  });
}

/** Saves what a file route answers under the name it gives: a report downloaded from the screen. */
export async function saveFile(response: Response, fallbackName: string): Promise<void> {
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** The semesters from a year's first to the current one, newest first: the periods a charter reports on. */
export function semestersSince(firstYear: number, today = new Date()): string[] {
  const current = `${today.getFullYear()}-S${today.getMonth() < 6 ? 1 : 2}`;
  const semesters: string[] = [];
  for (let year = today.getFullYear(); year >= firstYear; year -= 1) {
    for (const half of [2, 1]) if (`${year}-S${half}` <= current) semesters.push(`${year}-S${half}`);
  }
  return semesters;
}
