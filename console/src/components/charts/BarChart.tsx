/**
 * Bars (grouped series) drawn by Apache ECharts on a canvas, in the DSFR's colours: the canvas is hidden from
 * screen readers, since the same figures are in the data table every chart has beside it. ECharts is loaded
 * with the first chart, so that pages without one do not wait for it.
 */
import { useEffect, useRef } from 'react';

export interface Series {
  name: string;
  /** null: suppressed or unknown, drawn as no bar (never as zero). */
  values: (number | null)[];
}

/** The DSFR's illustrative colours, readable side by side (blue France, then its complements). */
const COLOURS = ['#000091', '#c9191e', '#009081', '#b34000', '#6e445a'];

async function echartsCore() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers'),
  ]);
  core.use([charts.BarChart, charts.LineChart, components.GridComponent, components.LegendComponent, components.TooltipComponent, renderers.CanvasRenderer]);
  return core;
}

export function Chart({ categories, series, kind = 'bar', height = 320, unit }: { categories: string[]; series: Series[]; kind?: 'bar' | 'line'; height?: number; unit?: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose: () => void; resize: () => void } | undefined;
    const resize = () => chart?.resize();
    void echartsCore().then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
      instance.setOption({
        color: COLOURS,
        textStyle: { fontFamily: 'Marianne, arial, sans-serif' },
        // Drawn on the canvas: an HTML tooltip would need inline styles the page's policy refuses.
        tooltip: { trigger: 'axis', renderMode: 'richText', valueFormatter: (value: unknown) => (value === null || value === undefined ? 'secret statistique' : `${Number(value).toLocaleString('fr-FR')}${unit ? ` ${unit}` : ''}`) },
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0, width: 140, overflow: 'truncate' } },
        yAxis: { type: 'value', axisLabel: { formatter: (value: number) => value.toLocaleString('fr-FR') } },
        series: series.map((one) => ({ name: one.name, type: kind, data: one.values, smooth: kind === 'line' })),
      });
      chart = instance;
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, [categories, series, kind, unit]);
  return <div ref={element} aria-hidden="true" style={{ width: '100%', height }} />;
}
