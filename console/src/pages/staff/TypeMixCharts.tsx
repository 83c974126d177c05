// 分型结构（按县、按行业）: stacked bars of the type mix from GET /api/v1/cycles/{year}/type-mix
// (county staff get their county only; the industry is the GB/T 4754 section).
import { Card, Col, Spin } from 'antd';
import { INDUSTRY_SECTIONS } from '@domain/industrySections';
import { api } from '../../api';
import { countyName, TYPE_LABELS } from '../../labels';
import { useAsync } from '../../useAsync';
import { Chart } from '../../charts/Chart';

type Counts = { D: number; G: number; S: number; UNTYPED: number; total: number };
interface TypeMix { byCounty: Array<Counts & { county: string }>; byIndustry: Array<Counts & { industry: string }> }

const TYPES = ['D', 'G', 'S', 'UNTYPED'] as const;
const COLORS: Record<string, string> = { D: '#389e0d', G: '#1677ff', S: '#fa8c16', UNTYPED: '#8c8c8c' };
const sectionName = (letter: string) => {
  const s = INDUSTRY_SECTIONS.find((x) => x.letter === letter);
  return s ? `${s.letter} ${s.label}` : '行业代码无法识别';
};

function StackedBars({ testId, title, names, rows }: { testId: string; title: string; names: string[]; rows: Counts[] }) {
  return (
    <Chart testId={testId} title={title}
      option={{
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 20, bottom: 90 },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30, width: 90, overflow: 'truncate' } }, yAxis: { type: 'value', minInterval: 1 },
        series: TYPES.map((t) => ({ name: TYPE_LABELS[t], type: 'bar', stack: 'all', itemStyle: { color: COLORS[t] }, data: rows.map((r) => r[t]) })),
      }}
      table={{ columns: [title.includes('县') ? '县（市、区）' : '行业门类', ...TYPES.map((t) => TYPE_LABELS[t]!), '合计'], rows: rows.map((r, i) => [names[i]!, ...TYPES.map((t) => r[t]), r.total]) }} />
  );
}

export function TypeMixCharts({ year }: { year: number | undefined }) {
  const mix = useAsync(() => (year ? api<TypeMix>(`/api/v1/cycles/${year}/type-mix`).catch(() => null) : Promise.resolve(null)), [year]);
  const m = mix.data;
  return (
    <>
      <Col xs={24} lg={10}>
        <Card title="分型结构（按县）">
          {m ? <StackedBars testId="chart-type-mix-county" title="分型结构（按县）" names={m.byCounty.map((r) => countyName(r.county))} rows={m.byCounty} />
            : mix.loading ? <Spin /> : '尚未发布分型结果'}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title="分型结构（按行业门类）">
          {m ? <StackedBars testId="chart-type-mix-industry" title="分型结构（按行业门类）" names={m.byIndustry.map((r) => sectionName(r.industry))} rows={m.byIndustry} />
            : mix.loading ? <Spin /> : '尚未发布分型结果'}
        </Card>
      </Col>
    </>
  );
}
