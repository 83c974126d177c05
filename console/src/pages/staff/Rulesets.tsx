// 分型规则: the versions and their states; a what-if run shown as the distribution (active vs this
// ruleset) and the transition matrix as a heatmap.
import { useState } from 'react';
import { Alert, Button, Card, Col, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { formatTime, TYPE_LABELS } from '../../labels';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { Chart } from '../../charts/Chart';

interface Ruleset { id: string; code: string; version: string; status: string; owner: string; createdAt: string; approvedBy: string | null; activatedAt: string | null }
type Distribution = Record<'D' | 'G' | 'S' | 'UNTYPED', number>;
interface WhatIf { rulesetId: string; activeRulesetId: string; year: number; businesses: number; active: Distribution; draft: Distribution; transitions: Record<string, Distribution>; warnings: string[] }
const STATUS: Record<string, [string, string]> = { DRAFT: ['草稿', 'default'], APPROVED: ['已审批', 'blue'], ACTIVE: ['启用中', 'green'], RETIRED: ['已停用', 'default'] };
const TYPES = ['D', 'G', 'S', 'UNTYPED'] as const;

export function Rulesets() {
  const { me } = useSession();
  const { data, error } = useAsync(() => api<{ items: Ruleset[] }>('/api/v1/rulesets'), []);
  const [year, setYear] = useState(new Date().getFullYear());
  const [result, setResult] = useState<WhatIf | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const canTry = me.role === 'CITY_AMR' || me.role === 'PROVINCIAL_AMR';
  const tryOut = async (id: string) => {
    setBusy(id);
    setProblem(null);
    try {
      setResult(await api<WhatIf>(`/api/v1/rulesets/${id}/what-if`, { body: { year } }));
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(null);
    }
  };
  const labels = TYPES.map((t) => TYPE_LABELS[t]!);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>分型规则集</Typography.Title>
        {error && <Alert type="error" role="alert" message={error.explained} />}
        {canTry && (
          <Space style={{ marginBottom: 12 }}>
            <label htmlFor="whatif-year">试算年度</label>
            <InputNumber id="whatif-year" min={2024} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </Space>
        )}
        <Table<Ruleset> rowKey="id" size="small" pagination={false} dataSource={data?.items ?? []} scroll={{ x: 700 }}
          columns={[
            { title: '编号', dataIndex: 'code' },
            { title: '版本', dataIndex: 'version' },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS[s]?.[1]}>{STATUS[s]?.[0] ?? s}</Tag> },
            { title: '制定单位', dataIndex: 'owner' },
            { title: '创建', dataIndex: 'createdAt', render: formatTime },
            { title: '启用', dataIndex: 'activatedAt', render: formatTime },
            ...(canTry ? [{ title: '', key: 'try', render: (_: unknown, r: Ruleset) => <Button size="small" loading={busy === r.id} onClick={() => tryOut(r.id)}>试算</Button> }] : []),
          ]} />
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginTop: 12 }} />}
      </Card>
      {result && (
        <Card title={`试算结果（${result.year} 年，${result.businesses} 户）`}>
          {result.warnings.map((w) => <Alert key={w} type="warning" message={w} style={{ marginBottom: 8 }} />)}
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Chart testId="chart-whatif-distribution" title="分型分布：启用版本与试算版本"
                option={{ tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', minInterval: 1 },
                  series: [{ name: '启用版本', type: 'bar', data: TYPES.map((t) => result.active[t]) }, { name: '试算版本', type: 'bar', data: TYPES.map((t) => result.draft[t]) }] }}
                table={{ columns: ['类型', '启用版本', '试算版本'], rows: TYPES.map((t) => [TYPE_LABELS[t]!, result.active[t], result.draft[t]]) }} />
            </Col>
            <Col xs={24} lg={12}>
              <Chart testId="chart-whatif-transitions" title="迁移矩阵（行：启用版本，列：试算版本）"
                option={{
                  tooltip: {}, grid: { left: 70, right: 20, top: 20, bottom: 70 },
                  xAxis: { type: 'category', data: labels, name: '试算版本' }, yAxis: { type: 'category', data: labels, name: '启用版本' },
                  visualMap: { min: 0, max: Math.max(1, ...TYPES.flatMap((a) => TYPES.map((b) => result.transitions[a]?.[b] ?? 0))), calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
                  series: [{ name: '户数', type: 'heatmap', label: { show: true }, data: TYPES.flatMap((from, y) => TYPES.map((to, x) => [x, y, result.transitions[from]?.[to] ?? 0])) }],
                }}
                table={{ columns: ['启用版本 \\ 试算版本', ...labels], rows: TYPES.map((from) => [TYPE_LABELS[from]!, ...TYPES.map((to) => result.transitions[from]?.[to] ?? 0)]) }} />
            </Col>
          </Row>
        </Card>
      )}
    </Space>
  );
}
