// 扶持政策库: the catalogue with filters (status, area, department), a policy's detail with its target and
// conditions in Chinese, publication by a second person of the city, withdrawal with a reason, and the
// households a published policy reaches (counts by type and county). Refusals show the API's message.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, ApiFailure, download, query, saveBlob } from '../../api';
import { countyName, formatTime, TYPE_LABELS } from '../../labels';
import { Link, navigate } from '../../router';
import { useSession, type Me } from '../../session';
import { useAsync } from '../../useAsync';
import { conditionLines, DEPARTMENTS, POLICY_AREAS, POLICY_MODES, POLICY_STATUS, targetLines, type Policy } from '../../policies/policyText';

/** Who may draft (the contract's roles; the API takes the department from the drafter). */
export const canDraft = (me: Me) => ['CITY_AMR', 'SECTOR_DEPARTMENT', 'DATA_SOURCE'].includes(me.role) && !!me.department;
/** Who reads a policy's reach: the city, and the issuing department for its own policies. */
const readsReach = (me: Me, p: Policy) => me.role === 'CITY_AMR' || (['SECTOR_DEPARTMENT', 'DATA_SOURCE'].includes(me.role) && me.department === p.department);

const StatusTag = ({ p }: { p: Policy }) => (
  <Space size={4}>
    <Tag color={POLICY_STATUS[p.status][1]}>{POLICY_STATUS[p.status][0]}</Tag>
    {p.placeholder && <Tag color="orange">待部门确认</Tag>}
  </Space>
);

export function PolicyCatalogue() {
  const { me } = useSession();
  const [filters, setFilters] = useState<{ status?: string; area?: string; department?: string }>({});
  // The API filters by status and department; the area is filtered here (a catalogue holds tens of policies).
  const { data, error, loading } = useAsync(() => api<{ items: Policy[] }>(`/api/v1/policies${query({ status: filters.status, department: filters.department })}`), [filters.status, filters.department]);
  const rows = (data?.items ?? []).filter((p) => !filters.area || p.area === filters.area);
  const departments = [...new Set([...DEPARTMENTS, ...(data?.items ?? []).map((p) => p.department)])];
  const set = (patch: Partial<typeof filters>) => setFilters((f) => ({ ...f, ...patch }));
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>扶持政策库</Typography.Title>
        {canDraft(me) && <Button type="primary" onClick={() => navigate('/policies/new')}>起草政策</Button>}
      </Space>
      <Form layout="inline" style={{ margin: '12px 0', rowGap: 8 }} aria-label="政策筛选">
        <Form.Item label="状态" htmlFor="policy-status">
          <Select id="policy-status" allowClear placeholder="全部" value={filters.status} onChange={(status) => set({ status })} style={{ width: 150 }}
            options={Object.entries(POLICY_STATUS).map(([value, [label]]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="措施领域" htmlFor="policy-area">
          <Select id="policy-area" allowClear placeholder="全部" value={filters.area} onChange={(area) => set({ area })} style={{ width: 130 }}
            options={POLICY_AREAS.map((a) => ({ value: a, label: a }))} />
        </Form.Item>
        <Form.Item label="发布部门" htmlFor="policy-department">
          <Select id="policy-department" allowClear placeholder="全部" value={filters.department} onChange={(department) => set({ department })} style={{ width: 130 }}
            options={departments.map((d) => ({ value: d, label: d }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} style={{ marginBottom: 12 }} />}
      <Table<Policy> rowKey="id" size="small" loading={loading} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 900 }}
        locale={{ emptyText: '没有符合条件的政策' }} data-testid="policy-list"
        columns={[
          { title: '政策', dataIndex: 'title', render: (t: string, p) => <Link to={`/policies/${encodeURIComponent(p.id)}`}>{t}</Link> },
          { title: '编号', key: 'code', render: (_: unknown, p) => `${p.code}@${p.version}` },
          { title: '发布部门', dataIndex: 'department' },
          { title: '措施领域', dataIndex: 'area' },
          { title: '享受方式', dataIndex: 'mode', render: (m: Policy['mode']) => POLICY_MODES[m] },
          { title: '状态', key: 'status', render: (_: unknown, p) => <StatusTag p={p} /> },
          { title: '有效期', key: 'window', render: (_: unknown, p) => (p.validFrom ? `${p.validFrom} 至 ${p.validTo ?? '长期'}` : '—') },
        ]} />
    </Card>
  );
}

export function PolicyDetail({ id }: { id: string }) {
  const { me } = useSession();
  // No single-policy endpoint: the catalogue is small, so the detail reads it and picks the policy.
  const { data, error, reload } = useAsync(() => api<{ items: Policy[] }>('/api/v1/policies'), [id]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  if (error) return <Alert type="error" role="alert" showIcon message={error.explained} />;
  if (!data) return <Spin />;
  const p = data.items.find((x) => x.id === id);
  if (!p) return <Alert type="warning" role="alert" showIcon message={`政策 ${id} 不存在`} />;
  const act = async (path: string, body: unknown, success: string) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await api(`/api/v1/policies/${encodeURIComponent(p.id)}/${path}`, { body });
      setDone(success);
      reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Link to="/policies">← 返回政策库</Link>
        <Typography.Title level={1} style={{ fontSize: 20 }} data-testid="policy-title">{p.title}</Typography.Title>
        <Descriptions size="small" bordered column={1} data-testid="policy-detail">
          <Descriptions.Item label="状态"><span data-testid="policy-status"><StatusTag p={p} /></span></Descriptions.Item>
          <Descriptions.Item label="编号与版本">{p.code}@{p.version}</Descriptions.Item>
          <Descriptions.Item label="发布部门">{p.department}</Descriptions.Item>
          <Descriptions.Item label="措施领域">{p.area}</Descriptions.Item>
          <Descriptions.Item label="政策依据">{p.legalBasis}</Descriptions.Item>
          <Descriptions.Item label="面向对象"><Lines lines={targetLines(p.target)} testId="policy-target" /></Descriptions.Item>
          <Descriptions.Item label="附加条件">{p.conditions ? <Lines lines={conditionLines(p.conditions)} testId="policy-conditions" /> : '无'}</Descriptions.Item>
          <Descriptions.Item label="扶持内容">{p.benefit}</Descriptions.Item>
          <Descriptions.Item label="享受方式">{POLICY_MODES[p.mode]}{p.mode === 'AUTO' ? '（符合条件自动享受，无需申请）' : '（符合条件的经营者向发布部门申请）'}</Descriptions.Item>
          <Descriptions.Item label="咨询联系">{p.contact}</Descriptions.Item>
          <Descriptions.Item label="有效期">{p.validFrom ? `${p.validFrom} 至 ${p.validTo ?? '长期'}` : '发布时设定'}</Descriptions.Item>
          <Descriptions.Item label="起草">{formatTime(p.createdAt)}</Descriptions.Item>
          {p.publishedAt && <Descriptions.Item label="发布">{formatTime(p.publishedAt)}</Descriptions.Item>}
          {p.withdrawnAt && <Descriptions.Item label="撤回">{formatTime(p.withdrawnAt)}（理由：{p.withdrawReason}）</Descriptions.Item>}
        </Descriptions>
        {done && <Alert type="success" showIcon message={done} style={{ marginTop: 12 }} data-testid="policy-done" />}
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginTop: 12 }} data-testid="policy-problem" />}
      </Card>
      {me.role === 'CITY_AMR' && p.status === 'DRAFT' && (
        <Card title="审核发布">
          <Typography.Paragraph type="secondary">政策由部门起草，须由市级另一名工作人员审核发布；起草人不能发布自己起草的政策。发布后同编码的旧版本被替代。</Typography.Paragraph>
          <Form layout="inline" aria-label="发布政策" initialValues={{ validFrom: today }} onFinish={(v: { validFrom: string; validTo?: string }) => act('publish', { validFrom: v.validFrom, validTo: v.validTo || null }, '已发布')} style={{ rowGap: 8 }}>
            <Form.Item name="validFrom" label="有效期起" rules={[{ required: true, message: '请填写有效期起' }]}><Input type="date" /></Form.Item>
            <Form.Item name="validTo" label="有效期止（不填为长期）"><Input type="date" /></Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>审核发布</Button>
          </Form>
        </Card>
      )}
      {me.role === 'CITY_AMR' && p.status === 'PUBLISHED' && (
        <Card title="撤回政策">
          <Typography.Paragraph type="secondary">撤回后不再匹配；已有匹配结束并保留为历史。</Typography.Paragraph>
          <Form layout="vertical" aria-label="撤回政策" onFinish={(v: { reason: string }) => act('withdraw', { reason: v.reason }, '已撤回')}>
            <Form.Item name="reason" label="撤回理由" rules={[{ required: true, whitespace: true, message: '请填写撤回理由' }]}><Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} /></Form.Item>
            <Button danger htmlType="submit" loading={busy}>撤回</Button>
          </Form>
        </Card>
      )}
      {readsReach(me, p) && p.status !== 'DRAFT' && <Reach policy={p} />}
    </Space>
  );
}

function Lines({ lines, testId }: { lines: string[]; testId: string }) {
  return <pre data-testid={testId} style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }}>{lines.join('\n')}</pre>;
}

interface ReachItem { uscc: string; tradeName: string | null; county: string; industryCode: string; type: string; categories: string[]; creditRating: string | null; uptake: string | null }
const REACH_PAGES = 20; // 20 × 5,000 households: beyond that the CSV export is the tool

/** The households the policy reaches now, counted by type and county (all pages, up to 100,000). */
function Reach({ policy }: { policy: Policy }) {
  const { data, error, loading } = useAsync(async () => {
    const items: ReachItem[] = [];
    let after: string | null = null;
    for (let page = 0; page < REACH_PAGES; page++) {
      const r: { items: ReachItem[]; next: string | null } = await api(`/api/v1/policies/${encodeURIComponent(policy.id)}/reach${query({ limit: 5000, after })}`);
      items.push(...r.items);
      after = r.next;
      if (!after) break;
    }
    return { items, truncated: after !== null };
  }, [policy.id, policy.status]);
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const exportCsv = async () => {
    try {
      saveBlob(await download(`/api/v1/policies/${encodeURIComponent(policy.id)}/reach?format=csv&limit=5000`), `政策覆盖名单-${policy.code}.csv`);
    } catch (e) {
      setExportProblem((e as ApiFailure).message);
    }
  };
  const count = (key: (i: ReachItem) => string) => [...(data?.items ?? []).reduce((m, i) => m.set(key(i), (m.get(key(i)) ?? 0) + 1), new Map<string, number>())].sort();
  return (
    <Card title="政策覆盖" extra={<Button onClick={exportCsv}>导出名单 CSV</Button>}>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} />}
      {exportProblem && <Alert type="error" role="alert" showIcon message={exportProblem} />}
      {loading ? <Spin /> : data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>当前覆盖 <strong data-testid="reach-total">{data.items.length}</strong> 户{data.truncated ? '（仅统计前 100,000 户，完整名单请导出）' : ''}</Typography.Paragraph>
          <Space wrap align="start" size="large">
            <Table size="small" pagination={false} rowKey="0" aria-label="按分型" data-testid="reach-by-type" dataSource={count((i) => i.type)}
              columns={[{ title: '分型', key: 't', render: (_: unknown, [t]) => TYPE_LABELS[t] ?? t }, { title: '户数', key: 'n', render: (_: unknown, [, n]) => n }]} />
            <Table size="small" pagination={false} rowKey="0" aria-label="按县（市、区）" data-testid="reach-by-county" dataSource={count((i) => i.county)}
              columns={[{ title: '县（市、区）', key: 'c', render: (_: unknown, [c]) => countyName(c) }, { title: '户数', key: 'n', render: (_: unknown, [, n]) => n }]} />
          </Space>
        </Space>
      )}
    </Card>
  );
}

