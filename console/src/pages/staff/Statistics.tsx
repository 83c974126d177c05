// 统计监测: the monitoring statistics of GET /api/v1/statistics/{view} for a year (and a county, for
// city-wide roles) — charts of the type mix by county, the transition matrix and the 名特优新 count
// against the cap, every view as a table, and the 决策参考 workbook to download.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { api, ApiFailure, download, query, saveBlob } from '../../api';
import { COUNTIES, countyName, TYPE_LABELS } from '../../labels';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { Chart } from '../../charts/Chart';

type Cell = string | number | null;
interface StatTable {
  view: string; title: string; year: number; county: string | null;
  columns: Array<{ key: string; header: string; sum: boolean; restricted: boolean; labels?: Record<string, string> }>;
  rows: Array<Record<string, Cell>>; totals: Record<string, number | null>; withheld: string[]; meta?: Record<string, Cell>;
}

const VIEWS = ['type-mix', 'transitions', 'activity', 'survival', 'employment', 'categories', 'policy-uptake', 'rechecks', 'sla', 'freshness'] as const;
const TYPES = ['D', 'G', 'S', 'UNTYPED'] as const;
const COLORS: Record<string, string> = { D: '#389e0d', G: '#1677ff', S: '#fa8c16', UNTYPED: '#8c8c8c' };
const MATRIX_TYPES = ['S', 'G', 'D', 'UNTYPED', 'NONE'];
const MATRIX_LABELS: Record<string, string> = { ...TYPE_LABELS, NONE: '未纳入' };
const CITY_WIDE = ['CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'];

/** The year's type mix summed over industries, per county (the view gives county × industry × year). */
export function typeMixByCounty(t: StatTable): Array<{ county: string } & Record<(typeof TYPES)[number] | 'total', number>> {
  const byCounty = new Map<string, Record<string, number>>();
  for (const r of t.rows.filter((row) => Number(row.year) === t.year)) {
    const c = byCounty.get(r.county as string) ?? { D: 0, G: 0, S: 0, UNTYPED: 0, total: 0 };
    for (const k of [...TYPES, 'total'] as const) c[k]! += Number(r[k] ?? 0);
    byCounty.set(r.county as string, c);
  }
  return [...byCounty.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([county, c]) => ({ county, ...c }) as never);
}

function TypeMixByCounty({ t }: { t: StatTable }) {
  const rows = typeMixByCounty(t);
  const names = rows.map((r) => countyName(r.county));
  return (
    <Chart testId="chart-stat-type-mix" title={`${t.year} 年分型结构（按县）`}
      option={{
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 20, bottom: 60 },
        xAxis: { type: 'category', data: names }, yAxis: { type: 'value', minInterval: 1 },
        series: TYPES.map((k) => ({ name: TYPE_LABELS[k], type: 'bar', stack: 'all', itemStyle: { color: COLORS[k] }, data: rows.map((r) => r[k]) })),
      }}
      table={{ columns: ['县（市、区）', ...TYPES.map((k) => TYPE_LABELS[k]!), '合计'], rows: rows.map((r, i) => [names[i]!, ...TYPES.map((k) => r[k]), r.total]) }} />
  );
}

function TransitionMatrix({ t }: { t: StatTable }) {
  const n = (from: string, to: string) => Number(t.rows.find((r) => r.from === from && r.to === to)?.households ?? 0);
  const data = MATRIX_TYPES.flatMap((from, y) => MATRIX_TYPES.map((to, x) => [x, y, n(from, to)]));
  const max = Math.max(1, ...data.map((d) => d[2]!));
  const labels = MATRIX_TYPES.map((k) => MATRIX_LABELS[k]!);
  return (
    <Chart testId="chart-stat-transitions" title={`类型迁移（${t.year - 1} → ${t.year}）`} height={340}
      option={{
        tooltip: { position: 'top' }, grid: { left: 80, right: 20, top: 20, bottom: 80 },
        xAxis: { type: 'category', data: labels, name: '本年', splitArea: { show: true } },
        yAxis: { type: 'category', data: labels, name: '上年', splitArea: { show: true } },
        visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
        series: [{ name: '户数', type: 'heatmap', data, label: { show: true } }],
      }}
      table={{ columns: ['上年 \\ 本年', ...labels], rows: MATRIX_TYPES.map((from) => [MATRIX_LABELS[from]!, ...MATRIX_TYPES.map((to) => n(from, to))]) }} />
  );
}

function CategoriesAgainstCap({ t }: { t: StatTable }) {
  const names = t.rows.map((r) => countyName(r.county as string));
  return (
    <>
      <Chart testId="chart-stat-categories" title={`${t.year} 年名特优新认定数与名额上限（按县）`}
        option={{
          tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 40, right: 20, top: 20, bottom: 60 },
          xAxis: { type: 'category', data: names }, yAxis: { type: 'value', minInterval: 1 },
          series: [
            { name: '已认定', type: 'bar', itemStyle: { color: '#722ed1' }, data: t.rows.map((r) => r.total) },
            { name: '名额上限', type: 'bar', itemStyle: { color: '#d9d9d9' }, data: t.rows.map((r) => r.cap) },
          ],
        }}
        table={{ columns: ['县（市、区）', '已认定', '名额上限'], rows: t.rows.map((r, i) => [names[i]!, r.total ?? 0, r.cap ?? '—']) }} />
      <Typography.Text type="secondary">
        全市名额上限：{t.meta?.cityCap ?? '尚未排名'}；全市已认定：{t.totals.total ?? 0}
      </Typography.Text>
    </>
  );
}

interface Panel {
  withheld: string[];
  households: Array<{ uscc: string; tradeName: string | null; county: string; reason: string; status: string;
    years: Array<{ year: number; type: string; reportedOnTime: boolean; revenue: number | null; insuredEmployees: number | null; taxPaid: number | null }> }>;
}

/** 联系点: the year's monitoring households followed over the years; a county administrator adds and removes them. */
function MonitoringPanel({ year, county, canEdit }: { year: number; county: string | undefined; canEdit: boolean }) {
  const panel = useAsync(() => api<Panel>(`/api/v1/statistics/panel${query({ year, county })}`), [year, county]);
  const [uscc, setUscc] = useState('');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  async function act(path: string, body: { reason: string }, done: string) {
    try {
      await api(path, { method: 'POST', body });
      setOutcome({ ok: true, text: done });
      panel.reload();
    } catch (e) {
      setOutcome({ ok: false, text: e instanceof ApiFailure ? e.explained : '操作失败' });
    }
  }
  const withheld = (k: string, v: number | null) => (panel.data?.withheld.includes(k) ? '（受限）' : v ?? '—');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canEdit && (
        <Space wrap>
          <Input aria-label="统一社会信用代码" placeholder="统一社会信用代码" style={{ width: 220 }} value={uscc} onChange={(e) => setUscc(e.target.value.trim())} />
          <Input aria-label="选定理由" placeholder="选定理由" style={{ width: 260 }} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button onClick={() => void act(`/api/v1/statistics/panel/${year}/${uscc}`, { reason }, '已设为监测户')} disabled={!uscc}>设为监测户</Button>
        </Space>
      )}
      {outcome && <Alert type={outcome.ok ? 'success' : 'error'} showIcon role={outcome.ok ? 'status' : 'alert'} message={outcome.text} />}
      {panel.error && <Alert type="error" showIcon role="alert" message={panel.error.explained} />}
      <Table size="small" rowKey="uscc" pagination={false} loading={panel.loading} dataSource={panel.data?.households ?? []} data-testid="table-stat-panel"
        columns={[
          { key: 'uscc', title: '统一社会信用代码', dataIndex: 'uscc' },
          { key: 'name', title: '字号名称', dataIndex: 'tradeName' },
          { key: 'county', title: '县（市、区）', render: (_: unknown, h: Panel['households'][number]) => countyName(h.county) },
          { key: 'reason', title: '选定理由', dataIndex: 'reason' },
          { key: 'years', title: '历年情况', render: (_: unknown, h: Panel['households'][number]) => h.years.map((y) =>
            `${y.year}：${MATRIX_LABELS[y.type] ?? y.type}，年报${y.reportedOnTime ? '按时' : '未按时'}，参保 ${withheld('insuredEmployees', y.insuredEmployees)} 人`).join('；') },
          ...(canEdit ? [{ key: 'remove', title: '操作', render: (_: unknown, h: Panel['households'][number]) => (
            <Button size="small" danger disabled={!reason} onClick={() => void act(`/api/v1/statistics/panel/${year}/${h.uscc}/remove`, { reason }, '已移出监测户')}>移出（填写理由后）</Button>) }] : []),
        ]} />
    </Space>
  );
}

/** Any view as a table: codes shown with their labels, withheld figures marked, the totals row last. */
function ViewTable({ t }: { t: StatTable }) {
  const show = (c: StatTable['columns'][number], v: Cell) => (t.withheld.includes(c.key) ? '（受限）' : v === null ? '—' : c.labels?.[String(v)] ?? v);
  const rows = [...t.rows.map((r, i) => ({ ...r, __key: i })), ...(t.rows.length ? [{ ...t.totals, [t.columns[0]!.key]: '合计', __key: 'total' }] : [])];
  return (
    <Table size="small" rowKey="__key" pagination={false} scroll={{ x: true }} dataSource={rows} data-testid={`table-stat-${t.view}`}
      columns={t.columns.map((c) => ({ key: c.key, title: c.header, render: (_: unknown, r: Record<string, Cell>) => (r.__key === 'total' && !c.sum && c !== t.columns[0] ? '' : show(c, r[c.key] ?? null)) }))} />
  );
}

export function Statistics() {
  const { me } = useSession();
  const cycles = useAsync(() => api<{ items: Array<{ year: number }> }>('/api/v1/cycles'), []);
  const [year, setYear] = useState<number>();
  const [county, setCounty] = useState<string>();
  const [downloading, setDownloading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!year && cycles.data?.items.length) setYear(Math.max(...cycles.data.items.map((c) => c.year)));
  }, [cycles.data, year]);
  const filters = { year, county };
  const tables = useAsync(
    () => (year ? Promise.all(VIEWS.map((v) => api<StatTable>(`/api/v1/statistics/${v}${query(filters)}`))) : Promise.resolve(null)),
    [year, county],
  );
  const byView = new Map((tables.data ?? []).map((t) => [t.view, t]));
  const cityWide = !!me && CITY_WIDE.includes(me.role);

  async function downloadWorkbook() {
    setDownloading(true);
    setFailure(null);
    try {
      saveBlob(await download(`/api/v1/statistics/workbook.xlsx${query(filters)}`), `统计监测-${year}${county ? `-${countyName(county)}` : ''}.xlsx`);
    } catch (e) {
      setFailure(e instanceof ApiFailure ? e.message : '下载失败');
    } finally {
      setDownloading(false);
    }
  }

  if (cycles.error) return <Alert type="error" showIcon role="alert" message={cycles.error.explained} />;
  if (!cycles.data) return <Spin />;
  if (!cycles.data.items.length) return <Alert type="info" message="尚未启动年度周期" />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>统计监测</Typography.Title>
      <Space wrap>
        <span>年度</span>
        <Select aria-label="年度" style={{ width: 120 }} value={year} onChange={setYear} options={cycles.data.items.map((c) => ({ value: c.year, label: `${c.year} 年` }))} />
        <span>县（市、区）</span>
        {cityWide
          ? <Select aria-label="县（市、区）" allowClear placeholder="全市" style={{ width: 180 }} value={county} onChange={setCounty} options={Object.entries(COUNTIES).map(([value, label]) => ({ value, label }))} />
          : <Typography.Text>{countyName(me?.county)}</Typography.Text>}
        <Button type="primary" loading={downloading} onClick={() => void downloadWorkbook()} disabled={!year}>下载决策参考工作簿（xlsx）</Button>
      </Space>
      {failure && <Alert type="error" showIcon role="alert" message={failure} />}
      {tables.error && <Alert type="error" showIcon role="alert" message={tables.error.explained} />}
      {!tables.data ? <Spin /> : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}><Card title="分型结构（按县）">{byView.get('type-mix') && <TypeMixByCounty t={byView.get('type-mix')!} />}</Card></Col>
            <Col xs={24} lg={12}><Card title="类型迁移矩阵">{byView.get('transitions') && <TransitionMatrix t={byView.get('transitions')!} />}</Card></Col>
            <Col xs={24} lg={12}><Card title="名特优新与名额上限">{byView.get('categories') && <CategoriesAgainstCap t={byView.get('categories')!} />}</Card></Col>
          </Row>
          <Card title="统计表">
            <Tabs items={[
              ...tables.data.map((t) => ({ key: t.view, label: t.title, children: <ViewTable t={t} /> })),
              { key: 'panel', label: '联系点监测户', children: <MonitoringPanel year={year!} county={county} canEdit={me?.role === 'COUNTY_AMR'} /> },
            ]} />
          </Card>
        </>
      )}
    </Space>
  );
}
