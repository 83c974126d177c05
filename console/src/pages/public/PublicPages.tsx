// Public pages (no sign-in): the 名特优新 notice list, a real-name objection form, and an objection's
// outcome by its id. They call only the API's public endpoints.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Layout, Result, Select, Spin, Table, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { formatTime } from '../../labels';
import { Link, match, navigate, useLocation } from '../../router';
import { useAsync } from '../../useAsync';
import { PublicInspectionList, PublicInspectionPlan } from './PublicInspections';

interface Notice { uscc: string; tradeName: string | null; countyName: string; categoryLabel: string; noticeEndsAt: string }

export function PublicPages({ path }: { path: string }) {
  let p: Record<string, string> | null;
  let page;
  if (path === '/public/objection') page = <ObjectionForm />;
  else if ((p = match('/public/objections/:id', path))) page = <ObjectionOutcome id={p.id!} />;
  else if (path === '/public/inspections') page = <PublicInspectionList />;
  else if ((p = match('/public/inspections/:id', path))) page = <PublicInspectionPlan id={p.id!} />;
  else page = <NoticeList />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Link to="/public" className="public-home"><span style={{ color: '#fff', fontWeight: 600 }}>随州市名特优新个体工商户公示</span></Link>
        <Link to="/public/inspections"><span style={{ color: '#fff' }}>双随机抽查结果</span></Link>
      </Layout.Header>
      <main className="narrow" style={{ maxWidth: 900 }}>{page}</main>
    </Layout>
  );
}

function NoticeList() {
  const { search } = useLocation();
  const [year, setYear] = useState(Number(search.get('year')) || new Date().getFullYear());
  const { data, error, loading } = useAsync(() => api<{ items: Notice[] }>(`/api/v1/public/notices?year=${year}`, { anonymous: true }), [year]);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>名特优新拟入选名单公示</Typography.Title>
      <label htmlFor="notice-year">年度 </label>
      <Select id="notice-year" value={year} onChange={setYear} style={{ width: 120, marginBottom: 12 }}
        options={[0, 1, 2].map((d) => new Date().getFullYear() - d).map((y) => ({ value: y, label: `${y}` }))} />
      {error && <Alert type="error" role="alert" message={error.explained} />}
      <Table<Notice> rowKey="uscc" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 600 }} locale={{ emptyText: '当前没有公示中的名单' }}
        columns={[
          { title: '字号', dataIndex: 'tradeName' },
          { title: '统一社会信用代码', dataIndex: 'uscc' },
          { title: '县（市、区）', dataIndex: 'countyName' },
          { title: '类别', dataIndex: 'categoryLabel' },
          { title: '公示截止', dataIndex: 'noticeEndsAt', render: formatTime },
          { title: '', key: 'object', render: (_: unknown, n) => <Link to={`/public/objection?year=${year}&uscc=${n.uscc}`}>提出异议</Link> },
        ]} />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        已提交异议的，可凭编号查询处理结果：<Link to="/public/objections/query">查询</Link>
      </Typography.Paragraph>
    </Card>
  );
}

function ObjectionForm() {
  const { search } = useLocation();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { year: number; uscc: string; name?: string; phone?: string; organisation?: string; facts: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await api<{ objectionId: string }>('/api/v1/public/objections', {
        anonymous: true,
        body: { year: v.year, uscc: v.uscc.trim(), objector: { name: v.name ?? '', phone: v.phone ?? '', ...(v.organisation?.trim() ? { organisation: v.organisation.trim() } : {}) }, facts: v.facts ?? '' },
      });
      navigate(`/public/objections/${r.objectionId}?new=1`);
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>对公示名单提出异议（实名）</Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message="异议须在公示期内实名提出，写明具体事实；匿名或逾期的异议不予受理。您的姓名和电话仅用于核查，不会公开。" />
      <Form layout="vertical" onFinish={submit} aria-label="异议表" initialValues={{ year: Number(search.get('year')) || new Date().getFullYear(), uscc: search.get('uscc') ?? '' }}>
        <Form.Item name="year" label="年度"><InputNumber min={2024} max={2100} /></Form.Item>
        <Form.Item name="uscc" label="被异议经营者的统一社会信用代码"><Input maxLength={18} /></Form.Item>
        <Form.Item name="name" label="姓名"><Input maxLength={50} autoComplete="name" /></Form.Item>
        <Form.Item name="phone" label="联系电话"><Input maxLength={20} autoComplete="tel" /></Form.Item>
        <Form.Item name="organisation" label="单位（以单位名义提出时填写）"><Input maxLength={200} /></Form.Item>
        <Form.Item name="facts" label="异议事实"><Input.TextArea autoSize={{ minRows: 4 }} maxLength={5000} showCount /></Form.Item>
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="objection-problem" />}
        <Button type="primary" htmlType="submit" loading={busy}>提交异议</Button>
      </Form>
    </Card>
  );
}

interface Outcome { objectionId: string; status: string; statusLabel: string; reason: string | null; decidedAt: string | null }

function ObjectionOutcome({ id }: { id: string }) {
  const [lookup, setLookup] = useState('');
  const isId = /^[0-9a-f-]{36}$/i.test(id);
  const { data, error, loading } = useAsync(() => (isId ? api<Outcome>(`/api/v1/public/objections/${id}`, { anonymous: true }) : Promise.resolve(null)), [id]);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>异议处理结果</Typography.Title>
      <Form layout="inline" onFinish={() => navigate(`/public/objections/${lookup.trim()}`)} style={{ marginBottom: 16 }}>
        <Form.Item label="异议编号" htmlFor="objection-id"><Input id="objection-id" value={lookup} onChange={(e) => setLookup(e.target.value)} style={{ width: 340 }} /></Form.Item>
        <Button htmlType="submit">查询</Button>
      </Form>
      {loading && isId && <Spin />}
      {error && <Alert type="error" role="alert" message={error.explained} />}
      {data && (
        <Result status={data.status === 'RECEIVED' ? 'info' : 'success'} title={<span data-testid="objection-status">{data.statusLabel}</span>}
          subTitle={<>异议编号：{data.objectionId}{data.reason ? `；处理理由：${data.reason}` : ''}{data.decidedAt ? `；处理时间：${formatTime(data.decidedAt)}` : ''}</>} />
      )}
    </Card>
  );
}
