import { Table } from '@codegouvfr/react-dsfr/Table';
import type { ReactNode } from 'react';

/** A figure as a person reads it: French digits, or « secret » where the API suppressed it (never a zero). */
/** A figure as the page writes it; a missing one is secret (suppressed), but hours are never suppressed: they are unknown. */
export function figure(value: number | null | undefined, kind: 'count' | 'hours' | 'rate' = 'count', absent = kind === 'hours' ? 'inconnu' : 'secret'): string {
  if (value === null || value === undefined) return absent;
  if (kind === 'rate') return `${(value * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
  return value.toLocaleString('fr-FR', { maximumFractionDigits: kind === 'hours' ? 0 : 2 });
}

/** The data table behind a chart (or on its own): a caption, a header row, and one row per line. */
export function FigureTable({ caption, headers, rows }: { caption: string; headers: string[]; rows: ReactNode[][] }) {
  return <Table caption={caption} headers={headers} data={rows} bordered fixed={false} className="fr-mb-4w" />;
}

export const SUPPRESSION_NOTE = '« secret » : chiffre masqué par le secret statistique (trop peu de personnes), jamais un zéro.';
