// 抽查结果公示 (一公开), no sign-in: the plans, and one plan's seed, ratios, frozen population (size, digest,
// CSV) and the households inspected with their outcomes, with how anyone recomputes the draw.
import { Alert, Card, Descriptions, Spin, Table, Tag, Typography } from 'antd';
import { api } from '../../api';
import { countyName, formatTime } from '../../labels';
import { Link } from '../../router';
import { useAsync } from '../../useAsync';
import { countBySegment, percent, PLAN_STATUS, ratioOf, SEGMENT_LABELS, type Inspection, type Plan } from '../../inspections/segments';

type PublicPlanSummary = Pick<Plan, 'id' | 'period' | 'r0' | 'seed' | 'status' | 'populationSize' | 'frozenAt' | 'drawnAt'>;

export function PublicInspectionList() {
  const { data, error, loading } = useAsync(() => api<{ items: PublicPlanSummary[] }>('/api/v1/public/inspection-plans', { anonymous: true }), []);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>双随机抽查结果公示</Typography.Title>
      {error && <Alert type="error" role="alert" message={error.explained} />}
      <Table<PublicPlanSummary> rowKey="id" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 500 }} locale={{ emptyText: '暂无抽查计划' }}
        columns={[
          { title: '期间', dataIndex: 'period', render: (p: string, plan) => <Link to={`/public/inspections/${plan.id}`}>{p}</Link> },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={PLAN_STATUS[s]?.[1]}>{PLAN_STATUS[s]?.[0] ?? s}</Tag> },
          { title: '冻结名单户数', dataIndex: 'populationSize', render: (n: number | null) => n ?? '—' },
          { title: '抽取时间', dataIndex: 'drawnAt', render: formatTime },
        ]} />
    </Card>
  );
}

type PublicPlan = Pick<Plan, 'id' | 'period' | 'r0' | 'multipliers' | 'frequencyYears' | 'seed' | 'status' | 'populationSize' | 'populationDigest' | 'drawnAt'>;

export function PublicInspectionPlan({ id }: { id: string }) {
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const { data, error } = useAsync(() => (valid ? api<{ plan: PublicPlan; inspections: Inspection[] }>(`/api/v1/public/inspection-plans/${id}`, { anonymous: true }) : Promise.resolve(null)), [id]);
  if (!valid) return <Alert type="warning" role="alert" message="抽查计划编号无效" />;
  if (error) return <Alert type="error" role="alert" message={error.explained} />;
  if (!data) return <Spin />;
  const { plan, inspections } = data;
  return (
    <Card>
      <Link to="/public/inspections">← 全部抽查计划</Link>
      <Typography.Title level={1} style={{ fontSize: 20 }}>双随机抽查结果公示（{plan.period}）</Typography.Title>
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label="状态">{PLAN_STATUS[plan.status]?.[0] ?? plan.status}</Descriptions.Item>
        <Descriptions.Item label="抽取种子"><code data-testid="public-seed" style={{ wordBreak: 'break-all' }}>{plan.seed}</code></Descriptions.Item>
        <Descriptions.Item label="冻结名单">
          {plan.populationDigest ? (
            <span>{plan.populationSize} 户；摘要 SHA-256：<code style={{ wordBreak: 'break-all' }}>{plan.populationDigest}</code>；<a href={`/api/v1/public/inspection-plans/${plan.id}/population`}>下载（CSV）</a></span>
          ) : '尚未冻结'}
        </Descriptions.Item>
        <Descriptions.Item label="抽取时间">{formatTime(plan.drawnAt)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        复算方法：在冻结名单中，按分段取未被排除的对象，按 SHA-256(种子:统一社会信用代码) 的十六进制值升序排列，取前 round(抽查比例 × 户数) 户（四舍五入）。
        名特优新个体工商户在 {plan.frequencyYears} 年内已被抽查的不再抽取，投诉聚集等风险对象除外。
      </Typography.Paragraph>
      <Table size="small" pagination={false} rowKey="segment" aria-label="分段抽查比例与抽取户数" data-testid="public-segment-counts"
        dataSource={countBySegment(inspections).map((c) => ({ ...c, ratio: ratioOf(plan.r0, plan.multipliers[c.segment] ?? 0) }))}
        columns={[
          { title: '分段', dataIndex: 'segment', render: (s: string) => SEGMENT_LABELS[s] },
          { title: '抽查比例', dataIndex: 'ratio', render: percent },
          { title: '抽取户数', dataIndex: 'count' },
        ]} />
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>被抽查对象及检查结果</Typography.Title>
      <Table<Inspection> rowKey="uscc" size="small" dataSource={inspections} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 600 }} locale={{ emptyText: '尚未抽取' }}
        columns={[
          { title: '统一社会信用代码', dataIndex: 'uscc' },
          { title: '字号', dataIndex: 'tradeName' },
          { title: '县（市、区）', dataIndex: 'county', render: countyName },
          { title: '分段', dataIndex: 'segment', render: (s: string) => SEGMENT_LABELS[s] },
          { title: '检查结果', dataIndex: 'outcome', render: (o: string | null) => o ?? '待检查' },
        ]} />
    </Card>
  );
}
