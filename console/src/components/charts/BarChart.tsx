/** Bars (grouped series) or lines over categories, such as months. */
import { COLOURS, useChart } from './echarts';

export interface Series {
  name: string;
  /** null: suppressed or unknown, drawn as no bar (never as zero). */
  values: (number | null)[];
}

export function Chart({ categories, series, kind = 'bar', height = 320, unit }: { categories: string[]; series: Series[]; kind?: 'bar' | 'line'; height?: number; unit?: string }) {
  const element = useChart(() => ({
    color: COLOURS,
    // Drawn on the canvas: an HTML tooltip would need inline styles the page's policy refuses.
    tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (value: unknown) => (value === null || value === undefined ? 'secret statistique' : `${Number(value).toLocaleString('fr-FR')}${unit ? ` ${unit}` : ''}`) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0, width: 140, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => value.toLocaleString('fr-FR') } },
    series: series.map((one) => ({ name: one.name, type: kind, data: one.values, smooth: false })),
  }), [categories, series, kind, unit]);
  return <div ref={element} aria-hidden="true" style={{ width: '100%', height }} />;
}
