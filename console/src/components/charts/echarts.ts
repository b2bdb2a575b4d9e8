/**
 * Apache ECharts, loaded with the first chart so that pages without one do not wait for it, and drawn on a
 * canvas in the DSFR's colours and font. Canvases are hidden from screen readers: every chart has its figures
 * in a data table or a text beside it.
 */
import { useEffect, useRef } from 'react';

/** The DSFR's illustrative colours, readable side by side (blue France, then its complements). */
export const COLOURS = ['#000091', '#c9191e', '#009081', '#b34000', '#6e445a'];

export const FONT = 'Marianne, arial, sans-serif';

let loading: Promise<typeof import('echarts/core')> | undefined;

function echartsCore() {
  loading ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')])
    .then(([core, charts, components, renderers]) => {
      core.use([charts.BarChart, charts.LineChart, charts.GaugeChart, components.GridComponent, components.LegendComponent, components.TooltipComponent, renderers.CanvasRenderer]);
      return core;
    });
  return loading;
}

/** A canvas element drawn with these options, redrawn when one of `dependencies` changes, resized with the window. */
export function useChart(options: () => object, dependencies: unknown[]) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose: () => void; resize: () => void } | undefined;
    const resize = () => chart?.resize();
    void echartsCore().then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
      instance.setOption({ textStyle: { fontFamily: FONT }, ...options() });
      chart = instance;
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart?.dispose();
    };
  }, dependencies);
  return element;
}
