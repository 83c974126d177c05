// 双随机抽查: the plans, and a new plan (city): base ratio r0, the multipliers by segment with the ratio
// each gives shown before submission (the API refuses any above 1), the frequency limit, the risk
// override's complaint cluster and the inspectors' roster per county. The seed is fixed on creation.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { COUNTIES, formatTime } from '../../labels';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { PLAN_STATUS, percent, ratioOf, SEGMENT_LABELS, SEGMENTS, type Plan } from '../../inspections/segments';

/** Prefilled multipliers: the PLACEHOLDER defaults of docs/policy.md#p-inspection-plan (as domain/supervision/draw.ts has them), editable per plan. */
const SUGGESTED_MULTIPLIERS: Record<string, number> = { CATEGORY: 0.5, D: 0.8, G: 1, S: 1, UNTYPED: 1, RISK: 2 };

export function InspectionPlans() {
  const { me } = useSession();
  const { data, error, loading, reload } = useAsync(() => api<{ items: Plan[] }>('/api/v1/inspection-plans'), []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>双随机抽查计划</Typography.Title>
        {error && <Alert type="error" role="alert" showIcon message={error.explained} />}
        <Table<Plan> rowKey="id" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 700 }} locale={{ emptyText: '尚无抽查计划' }}
          columns={[
            { title: '期间', dataIndex: 'period', render: (p: string, plan) => <Link to={`/inspections/${plan.id}`}>{p}</Link> },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={PLAN_STATUS[s]?.[1]}>{PLAN_STATUS[s]?.[0] ?? s}</Tag> },
            { title: '基础比例 r0', dataIndex: 'r0', render: percent },
            { title: '冻结名单户数', dataIndex: 'populationSize', render: (n: number | null) => n ?? '—' },
            { title: '创建', dataIndex: 'createdAt', render: formatTime },
            { title: '抽取', dataIndex: 'drawnAt', render: formatTime },
          ]} />
      </Card>
      {me.role === 'CITY_AMR' && <NewPlan onCreated={reload} />}
    </Space>
  );
}

interface Values { period: string; r0: number; multipliers: Record<string, number>; frequencyYears: number; riskComplaints: number; riskMonths: number; roster: Record<string, string | undefined> }

function NewPlan({ onCreated }: { onCreated: () => void }) {
  const [form] = Form.useForm<Values>();
  const r0 = Form.useWatch('r0', form) ?? 0;
  const multipliers = Form.useWatch('multipliers', form) ?? SUGGESTED_MULTIPLIERS;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    setProblem(null);
    const roster = Object.fromEntries(
      Object.entries(v.roster ?? {})
        .map(([county, text]) => [county, (text ?? '').split(/[\n,，、]/).map((s) => s.trim()).filter(Boolean)] as const)
        .filter(([, names]) => names.length > 0),
    );
    try {
      const plan = await api<Plan>('/api/v1/inspection-plans', {
        body: { period: v.period?.trim(), r0: v.r0, multipliers: v.multipliers, frequencyYears: v.frequencyYears, riskComplaints: v.riskComplaints, riskMonths: v.riskMonths, roster },
      });
      onCreated();
      navigate(`/inspections/${plan.id}`);
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  const above = SEGMENTS.filter((s) => r0 * (multipliers[s] ?? 0) > 1 + 1e-12);
  return (
    <Card title="新建抽查计划">
      <Typography.Paragraph type="secondary">
        各分段的抽查比例 = 基础比例 r0 × 分段系数，不得超过 1。计划创建时即生成并公开抽取种子；冻结名单后按种子抽取，任何人可据种子和冻结名单复算结果。
      </Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" aria-label="新建抽查计划" onFinish={submit}
        initialValues={{ period: String(new Date().getFullYear()), r0: 0.05, multipliers: SUGGESTED_MULTIPLIERS, frequencyYears: 2, riskComplaints: 3, riskMonths: 12 }}>
        <Space wrap align="start">
          <Form.Item name="period" label="期间（YYYY 或 YYYY-Qn）" rules={[{ required: true, pattern: /^\d{4}(-Q[1-4])?$/, message: '期间格式为 YYYY 或 YYYY-Qn' }]}><Input style={{ width: 160 }} /></Form.Item>
          <Form.Item name="r0" label="基础比例 r0（0–1）" rules={[{ required: true, message: '请填写基础比例' }]}><InputNumber min={0.0001} max={1} step={0.01} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="frequencyYears" label="名特优新抽查间隔（年）"><InputNumber min={0} max={10} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="riskComplaints" label="投诉聚集：投诉件数"><InputNumber min={1} max={100} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="riskMonths" label="投诉聚集：统计月数"><InputNumber min={1} max={60} style={{ width: 160 }} /></Form.Item>
        </Space>
        <Table size="small" pagination={false} rowKey="segment" aria-label="分段系数与抽查比例" style={{ marginBottom: 16 }} dataSource={SEGMENTS.map((segment) => ({ segment }))}
          columns={[
            { title: '分段', dataIndex: 'segment', render: (s: string) => SEGMENT_LABELS[s] },
            {
              title: '系数', key: 'm', render: (_: unknown, { segment }) => (
                <Form.Item name={['multipliers', segment]} noStyle rules={[{ required: true, message: '请填写系数' }]}>
                  <InputNumber min={0} max={100} step={0.1} aria-label={`${SEGMENT_LABELS[segment]}系数`} />
                </Form.Item>
              ),
            },
            {
              title: '抽查比例', key: 'ratio', render: (_: unknown, { segment }) => {
                const raw = r0 * (multipliers[segment] ?? 0);
                return raw > 1 + 1e-12 ? <span className="overdue">{percent(raw)}（超过 1）</span> : percent(ratioOf(r0, multipliers[segment] ?? 0));
              },
            },
          ]} />
        <fieldset style={{ border: '1px solid #e5e6eb', padding: '8px 12px 0', marginBottom: 16 }}>
          <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>执法检查人员名录（每行一人；有抽查对象的县至少 2 人）</legend>
          <Space wrap align="start">
            {Object.entries(COUNTIES).map(([code, name]) => (
              <Form.Item key={code} name={['roster', code]} label={name}><Input.TextArea autoSize={{ minRows: 3 }} style={{ width: 180 }} /></Form.Item>
            ))}
          </Space>
        </fieldset>
        {above.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`以下分段的抽查比例超过 1，提交将被拒绝：${above.map((s) => SEGMENT_LABELS[s]).join('、')}`} />}
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="plan-problem" />}
        <Button type="primary" htmlType="submit" loading={busy}>创建计划</Button>
      </Form>
    </Card>
  );
}
