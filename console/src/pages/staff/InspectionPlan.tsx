// One inspection plan: its ratios and published seed; freezing the population (size and digest shown);
// the draw (the list by segment with counts, the inspectors); outcomes recorded by the county's staff.
// County staff see their county's part of the list, as the API answers them.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { countyName, formatTime } from '../../labels';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { countBySegment, OUTCOMES, percent, PLAN_STATUS, ratioOf, SEGMENT_LABELS, SEGMENTS, type Inspection, type Plan } from '../../inspections/segments';

export function InspectionPlanPage({ id }: { id: string }) {
  const { me } = useSession();
  const { data, error, reload } = useAsync(() => api<{ plan: Plan; inspections: Inspection[] }>(`/api/v1/inspection-plans/${id}`), [id]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (error) return <Alert type="error" role="alert" showIcon message={error.explained} />;
  if (!data) return <Spin />;
  const { plan, inspections } = data;
  const act = async (verb: 'freeze' | 'draw') => {
    setBusy(verb);
    setProblem(null);
    try {
      await api(`/api/v1/inspection-plans/${plan.id}/${verb}`, { method: 'POST' });
      reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(null);
    }
  };
  const city = me.role === 'CITY_AMR';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Link to="/inspections">← 返回抽查计划</Link>
        <Typography.Title level={1} style={{ fontSize: 20 }}>双随机抽查计划（{plan.period}）</Typography.Title>
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label="状态"><Tag color={PLAN_STATUS[plan.status]?.[1]} data-testid="plan-status">{PLAN_STATUS[plan.status]?.[0] ?? plan.status}</Tag></Descriptions.Item>
          <Descriptions.Item label="抽取种子（创建时公开）"><code data-testid="plan-seed" style={{ wordBreak: 'break-all' }}>{plan.seed}</code></Descriptions.Item>
          <Descriptions.Item label="基础比例 r0">{percent(plan.r0)}</Descriptions.Item>
          <Descriptions.Item label="名特优新抽查间隔">{plan.frequencyYears} 年内已抽查的不再抽取（投诉聚集等风险对象除外）</Descriptions.Item>
          <Descriptions.Item label="风险分段">经营异常、{plan.riskMonths} 个月内受处罚或投诉 {plan.riskComplaints} 件及以上</Descriptions.Item>
          <Descriptions.Item label="冻结名单">
            {plan.populationSize === null ? '尚未冻结' : (
              <span>
                <span data-testid="plan-population">{plan.populationSize}</span> 户（{formatTime(plan.frozenAt)}）；名单摘要 SHA-256：<code data-testid="plan-digest" style={{ wordBreak: 'break-all' }}>{plan.populationDigest}</code>
                ；<a href={`/api/v1/public/inspection-plans/${plan.id}/population`}>下载冻结名单（CSV）</a>
              </span>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="执法检查人员名录">
            {Object.entries(plan.roster).map(([c, names]) => <div key={c}>{countyName(c)}：{names.join('、')}</div>)}
          </Descriptions.Item>
          {plan.drawnAt && <Descriptions.Item label="抽取时间">{formatTime(plan.drawnAt)}</Descriptions.Item>}
        </Descriptions>
        <Table size="small" pagination={false} rowKey="segment" aria-label="分段抽查比例与抽取户数" data-testid="segment-counts" style={{ marginTop: 16 }}
          dataSource={countBySegment(inspections).map((c) => ({ ...c, ratio: ratioOf(plan.r0, plan.multipliers[c.segment] ?? 0) }))}
          columns={[
            { title: '分段', dataIndex: 'segment', render: (s: string) => SEGMENT_LABELS[s] },
            { title: '系数', key: 'm', render: (_: unknown, r) => plan.multipliers[r.segment] ?? '—' },
            { title: '抽查比例', dataIndex: 'ratio', render: percent },
            { title: '抽取户数', dataIndex: 'count', render: (n: number, r) => (plan.status === 'DRAWN' ? <span data-testid={`count-${r.segment}`}>{n}</span> : '—') },
          ]} />
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginTop: 12 }} data-testid="plan-problem" />}
        <Space style={{ marginTop: 12 }} wrap>
          {city && plan.status === 'DRAFT' && <Button type="primary" loading={busy === 'freeze'} onClick={() => act('freeze')}>冻结抽查对象名单</Button>}
          {city && plan.status === 'FROZEN' && <Button type="primary" loading={busy === 'draw'} onClick={() => act('draw')}>按公开种子抽取</Button>}
          <Link to={`/public/inspections/${plan.id}`}>查看公示页面</Link>
        </Space>
      </Card>
      {plan.status === 'DRAWN' && <DrawnList plan={plan} inspections={inspections} onRecorded={reload} />}
    </Space>
  );
}

function DrawnList({ plan, inspections, onRecorded }: { plan: Plan; inspections: Inspection[]; onRecorded: () => void }) {
  const { me } = useSession();
  const records = me.role === 'GRASSROOTS_STAFF' || me.role === 'COUNTY_AMR';
  const [problem, setProblem] = useState<string | null>(null);
  const record = async (uscc: string, outcome: string) => {
    setProblem(null);
    try {
      await api(`/api/v1/inspection-plans/${plan.id}/inspections/${uscc}/outcome`, { body: { outcome } });
      onRecorded();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    }
  };
  const table = (rows: Inspection[]) => (
    <Table<Inspection> rowKey="uscc" size="small" dataSource={rows} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 800 }} locale={{ emptyText: '本分段无抽取对象' }}
      columns={[
        { title: '统一社会信用代码', dataIndex: 'uscc' },
        { title: '字号', dataIndex: 'tradeName' },
        { title: '县（市、区）', dataIndex: 'county', render: countyName },
        { title: '分段', dataIndex: 'segment', render: (s: string) => SEGMENT_LABELS[s] },
        { title: '检查人员', dataIndex: 'inspectors', render: (n?: string[]) => n?.join('、') },
        {
          title: '检查结果', key: 'outcome', render: (_: unknown, i) => records
            ? <Select aria-label={`${i.uscc} 检查结果`} placeholder="登记结果" value={i.outcome ?? undefined} style={{ width: 140 }} onChange={(o: string) => record(i.uscc, o)} options={OUTCOMES.map((o) => ({ value: o, label: o }))} />
            : (i.outcome ?? '待检查'),
        },
        { title: '登记时间', dataIndex: 'outcomeAt', render: formatTime },
      ]} />
  );
  return (
    <Card title={`抽取结果（共 ${inspections.length} 户${me.county && records ? `，本辖区 ${countyName(me.county)}` : ''}）`}>
      {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Tabs items={[
        { key: 'ALL', label: `全部（${inspections.length}）`, children: table(inspections) },
        ...SEGMENTS.map((s) => {
          const rows = inspections.filter((i) => i.segment === s);
          return { key: s, label: `${SEGMENT_LABELS[s]!.replace(/（.*）/, '')}（${rows.length}）`, children: table(rows) };
        }),
      ]} />
    </Card>
  );
}
