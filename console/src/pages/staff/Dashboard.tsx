// 年度周期: the phase timeline against the calendar, live typing progress, charts of the type mix,
// applications by state × category against the quota, overdue tasks by county, feed freshness, and
// a link to the cycle's workflows in the Temporal Web UI.
import { useEffect, useState } from 'react';
import { Alert, Card, Col, Descriptions, Progress, Row, Select, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import { CYCLE_PHASES, MILESTONE_LABELS } from '@domain/programmeCalendar';
import { api, query } from '../../api';
import { APPLICATION_STATUSES, CATEGORIES, COUNTIES, countyName, formatTime, PHASE_LABELS, TYPE_LABELS } from '../../labels';
import { useAsync } from '../../useAsync';
import { Chart } from '../../charts/Chart';
import type { TaskItem } from './taskActions';
import { TypeMixCharts } from './TypeMixCharts';

interface Cycle {
  year: number; phase: string; phaseLabel: string; calendar: Record<string, string>; history: Array<{ phase: string; at: string }>;
  runs: Array<{ runId: string; total: number; counts: Record<string, number>; at: string }>;
  typingProgress: { runId: string; rangesDone: number; rangesTotal: number } | null;
  selection: { registered: number; scored: number; base: number | null; cap: number | null; selected: number; confirmed: number } | null;
}
interface Summary { year: number; quota: { base: number; cap: number } | null; byStatus: Record<string, Record<string, number>>; designated: Record<string, number>; total: number }
interface Freshness { feed: string; label: string; department: string; lastReceivedAt: string | null; lastAsOf: string | null; batches: number; rowsStored: number; rowsRejected: number }

async function overdueByCounty(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let after: string | null = null;
  const dueBefore = new Date().toISOString();
  for (let page = 0; page < 25; page++) {
    const r: { items: TaskItem[]; nextAfter: string | null } = await api(`/api/v1/tasks${query({ status: 'OPEN', dueBefore, limit: 200, after })}`);
    for (const t of r.items) counts[t.county ?? 'CITY'] = (counts[t.county ?? 'CITY'] ?? 0) + 1;
    after = r.nextAfter;
    if (!after) break;
  }
  return counts;
}

export function Dashboard() {
  const cycles = useAsync(() => api<{ items: Array<{ year: number }> }>('/api/v1/cycles'), []);
  const [year, setYear] = useState<number>();
  useEffect(() => {
    if (!year && cycles.data?.items.length) setYear(Math.max(...cycles.data.items.map((c) => c.year)));
  }, [cycles.data, year]);
  const cycle = useAsync(() => (year ? api<Cycle>(`/api/v1/cycles/${year}`) : Promise.resolve(null)), [year]);
  const summary = useAsync(() => (year ? api<Summary>(`/api/v1/cycles/${year}/category-summary`) : Promise.resolve(null)), [year]);
  const overdue = useAsync(() => overdueByCounty().catch(() => null), []);
  const freshness = useAsync(() => api<{ items: Freshness[] }>('/api/v1/feeds/freshness').catch(() => null), []);
  const config = useAsync(() => fetch('/console-config.json').then((r) => r.json() as Promise<{ temporalUiUrl: string | null }>), []);

  if (cycles.error) return <Alert type="error" showIcon role="alert" message={cycles.error.explained} />;
  if (!cycles.data) return <Spin />;
  if (!cycles.data.items.length) return <Alert type="info" message="尚未启动年度周期" />;
  const c = cycle.data;
  const s = summary.data;
  const run = c?.runs.at(-1);
  const typeCodes = ['D', 'G', 'S', 'UNTYPED'];
  const statuses = s ? Object.keys(APPLICATION_STATUSES).filter((st) => s.byStatus[st]) : [];
  const categories = Object.keys(CATEGORIES);
  const temporalLink = config.data?.temporalUiUrl && year ? `${config.data.temporalUiUrl}/namespaces/default/workflows?query=${encodeURIComponent(`CycleYear = ${year}`)}` : null;
  const phaseIndex = c ? CYCLE_PHASES.indexOf(c.phase as (typeof CYCLE_PHASES)[number]) : 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>年度周期</Typography.Title>
          <Space>
            <label htmlFor="dashboard-year">年度</label>
            <Select id="dashboard-year" value={year} onChange={setYear} style={{ width: 110 }} options={cycles.data.items.map((i) => ({ value: i.year, label: `${i.year}` }))} />
            {temporalLink && <a href={temporalLink} target="_blank" rel="noreferrer">在 Temporal Web UI 中查看本年度流程（CycleYear = {year}）</a>}
          </Space>
        </Space>
        {c && (
          <>
            <Steps size="small" style={{ marginTop: 16 }} current={phaseIndex} items={CYCLE_PHASES.map((p) => ({ title: PHASE_LABELS[p], description: formatTime(c.history.find((h) => h.phase === p)?.at) }))} />
            <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginTop: 16 }} title="年度日程">
              {Object.entries(c.calendar).map(([m, at]) => (
                <Descriptions.Item key={m} label={(MILESTONE_LABELS as Record<string, string>)[m] ?? m}>
                  <span style={{ color: Date.parse(at) < Date.now() ? 'rgba(0,0,0,0.65)' : undefined }}>{formatTime(at)}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
            {c.typingProgress && (
              <div>分型进度：<Progress percent={Math.round((100 * c.typingProgress.rangesDone) / Math.max(1, c.typingProgress.rangesTotal))} style={{ maxWidth: 400 }} /></div>
            )}
          </>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={`分型结构${run ? `（${run.total} 户，${formatTime(run.at)}）` : ''}`}>
            {run ? (
              <Chart testId="chart-type-mix" title="分型结构"
                option={{ tooltip: { trigger: 'item' }, legend: { bottom: 0 }, series: [{ name: '分型', type: 'pie', radius: ['35%', '65%'], data: typeCodes.map((t) => ({ name: TYPE_LABELS[t], value: run.counts[t] ?? 0 })) }] }}
                table={{ columns: ['类型', '户数'], rows: typeCodes.map((t) => [TYPE_LABELS[t]!, run.counts[t] ?? 0]) }} />
            ) : '尚无分型批次'}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={`名特优新申请：状态 × 类别${s?.quota ? `（名额上限 ${s.quota.cap}）` : ''}`}>
            {s ? (
              <Chart testId="chart-applications" title="名特优新申请：状态 × 类别"
                option={{
                  tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 30, bottom: 80 },
                  xAxis: { type: 'category', data: statuses.map((st) => (APPLICATION_STATUSES as Record<string, string>)[st]), axisLabel: { interval: 0, rotate: 20 } },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: categories.map((cat, i) => ({
                    name: (CATEGORIES as Record<string, string>)[cat], type: 'bar', stack: 'all', data: statuses.map((st) => s.byStatus[st]?.[cat] ?? 0),
                    ...(i === 0 && s.quota ? { markLine: { symbol: 'none', data: [{ yAxis: s.quota.cap, name: '名额上限' }], label: { formatter: '名额上限 {c}' } } } : {}),
                  })),
                }}
                table={{ columns: ['状态', ...categories.map((cat) => (CATEGORIES as Record<string, string>)[cat] ?? cat)], rows: statuses.map((st) => [(APPLICATION_STATUSES as Record<string, string>)[st] ?? st, ...categories.map((cat) => s.byStatus[st]?.[cat] ?? 0)]) }} />
            ) : <Spin />}
            {s && <p>共 {s.total} 件{c?.selection ? `；已评分 ${c.selection.scored}，入选 ${c.selection.selected}，已确认 ${c.selection.confirmed}` : ''}</p>}
          </Card>
        </Col>
        <TypeMixCharts year={year} />
        <Col xs={24} lg={10}>
          <Card title="逾期待办（按县）">
            {overdue.data ? (
              <Chart testId="chart-overdue" title="逾期待办（按县）"
                option={{ tooltip: {}, grid: { left: 40, right: 20, top: 20, bottom: 30 }, xAxis: { type: 'category', data: [...Object.keys(COUNTIES), 'CITY'].map((k) => (k === 'CITY' ? '市级' : countyName(k))), axisLabel: { interval: 0 } }, yAxis: { type: 'value', minInterval: 1 },
                  series: [{ name: '逾期待办', type: 'bar', itemStyle: { color: '#c4161c' }, data: [...Object.keys(COUNTIES), 'CITY'].map((k) => overdue.data![k] ?? 0) }] }}
                table={{ columns: ['县（市、区）', '逾期待办'], rows: [...Object.keys(COUNTIES), 'CITY'].map((k) => [k === 'CITY' ? '市级' : countyName(k), overdue.data![k] ?? 0]) }} />
            ) : overdue.loading ? <Spin /> : '无权查看待办'}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="部门数据新鲜度">
            {freshness.data ? (
              <Table<Freshness> rowKey="feed" size="small" pagination={false} dataSource={freshness.data.items} scroll={{ x: 560 }}
                columns={[
                  { title: '数据', dataIndex: 'label' },
                  { title: '部门', dataIndex: 'department' },
                  { title: '最近上传', dataIndex: 'lastReceivedAt', render: (at: string | null) => {
                    if (!at) return <Tag color="red">从未上传</Tag>;
                    const days = Math.floor((Date.now() - Date.parse(at)) / 86_400_000);
                    return <span className={days > 35 ? 'overdue' : undefined}>{formatTime(at)}（{days} 天前）</span>;
                  } },
                  { title: '数据截止', dataIndex: 'lastAsOf', render: (d: string | null) => d ?? '—' },
                  { title: '入库 / 拒绝', key: 'rows', render: (_: unknown, f) => `${f.rowsStored} / ${f.rowsRejected}` },
                ]} />
            ) : freshness.loading ? <Spin /> : '无权查看数据新鲜度'}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
