// One chart: ECharts loaded on demand, drawn on a canvas, with the numbers also given as a table for
// screen readers. The series ECharts holds are mirrored in data-series (what the tests compare).
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

export interface ChartTable { columns: string[]; rows: Array<Array<string | number>> }

export function Chart({ option, title, table, testId, height = 320 }: { option: EChartsCoreOption; title: string; table: ChartTable; testId: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    void import('./echarts').then(({ echarts }) => {
      if (disposed || !ref.current) return;
      const chart = echarts.getInstanceByDom(ref.current) ?? echarts.init(ref.current, undefined, { renderer: 'canvas' });
      chart.setOption(option, true);
      const held = chart.getOption() as { series?: Array<{ name?: string; data?: unknown[] }> };
      ref.current.dataset.series = JSON.stringify((held.series ?? []).map((s) => ({ name: s.name ?? null, data: s.data ?? [] })));
      ref.current.dataset.ready = 'true';
      const onResize = () => chart.resize();
      window.addEventListener('resize', onResize);
      dispose = () => {
        window.removeEventListener('resize', onResize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [JSON.stringify(option)]);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={ref} role="img" aria-label={title} data-testid={testId} style={{ width: '100%', height }} />
      <figcaption className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead><tr>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
          <tbody>{table.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{v}</td>)}</tr>)}</tbody>
        </table>
      </figcaption>
    </figure>
  );
}
