/**
 * Progress against a goal at a glance: one dial per goal, from nothing to the goal reached, and under it the
 * figure in words (the dial is hidden from screen readers; the words and the data table say it).
 */
import { figure } from './FigureTable';
import { COLOURS, useChart } from './echarts';

export interface Progress {
  label: string;
  /** Achieved ÷ goal (1: reached); null when suppressed or unknown, drawn as an empty dial. */
  progress: number | null;
  /** What a null progress is called: « secret » (suppressed) unless said otherwise. */
  absent?: string;
  /** The figures behind it, in words: « 1 234 h sur 2 000 h ». */
  detail: string;
}

/** Beyond the goal the needle stays at its end: the words give the figure. */
const dialValue = (progress: number | null) => (progress === null ? 0 : Math.min(progress, 1) * 100);

function Gauge({ progress, absent }: Pick<Progress, 'progress' | 'absent'>) {
  const element = useChart(() => ({
    series: [{
      type: 'gauge', min: 0, max: 100, startAngle: 200, endAngle: -20, radius: '95%', center: ['50%', '60%'],
      progress: { show: true, width: 14, itemStyle: { color: (progress ?? 0) >= 1 ? COLOURS[2] : COLOURS[0] } },
      axisLine: { lineStyle: { width: 14, color: [[1, '#e5e5e5']] } },
      pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
      detail: { valueAnimation: false, offsetCenter: [0, '10%'], fontSize: 20, fontWeight: 'bold', color: '#161616', formatter: () => figure(progress, 'rate', absent) },
      data: [{ value: dialValue(progress) }],
    }],
  }), [progress, absent]);
  return <div ref={element} aria-hidden="true" style={{ width: '100%', height: 150 }} />;
}

export function Gauges({ title, items }: { title: string; items: Progress[] }) {
  return (
    <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list fr-mb-3w" aria-label={title}>
      {items.map((item) => (
        <li key={item.label} className="fr-col-12 fr-col-sm-6 fr-col-md-3">
          <div className="fr-tile fr-tile--sm">
            <Gauge progress={item.progress} absent={item.absent} />
            <p className="fr-tile__title fr-text--md fr-mb-0">{item.label} : {figure(item.progress, 'rate', item.absent)}</p>
            <p className="fr-tile__desc">{item.detail}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
