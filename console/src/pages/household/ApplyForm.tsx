// 名特优新 declaration: department-supplied values shown read-only with their source (the household
// cannot and need not declare them), the rest declared here with evidence files (PDF/JPEG/PNG ≤ 10 MB).
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, List, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { z } from 'zod';
import { declaredFieldsSchema, EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '@domain/category/applicationForm';
import { api, ApiFailure } from '../../api';
import { CATEGORIES, formatDate } from '../../labels';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import type { BusinessView } from '../staff/BusinessPage';

interface FormView {
  year: number; uscc: string; category: string;
  shared: Array<{ field: string; label: string; value: unknown; department: string; asOf: string | null }>;
  declarable: Array<{ field: string; label: string }>;
  criteria: Array<{ code: string; label: string; mode: string; met: boolean | null; evidence: string }>;
  gate: { passed: boolean; via: string | null; refusals: Array<{ code: string; reason: string }> };
}
interface Evidence { evidenceId: string; field: string; fileName: string }

const fieldTypes = (z.toJSONSchema(declaredFieldsSchema, { io: 'input' }) as { properties: Record<string, { type?: string }> }).properties;

export function ApplyForm() {
  const { me } = useSession();
  const business = useAsync(() => api<BusinessView>(`/api/v1/businesses/${me.uscc}`), [me.uscc]);
  const year = business.data?.typing?.year ?? new Date().getFullYear();
  const [category, setCategory] = useState<string>('MING');
  const view = useAsync(() => api<FormView>(`/api/v1/applications/${year}/${me.uscc}/form?category=${category}`), [year, category, me.uscc]);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [received, setReceived] = useState<{ statusLabel: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  const upload = async (field: string, file: File) => {
    setProblem(null);
    if (!(EVIDENCE_TYPES as readonly string[]).includes(file.type)) return setProblem('佐证材料须为 PDF、JPEG 或 PNG 文件');
    if (file.size > EVIDENCE_MAX_BYTES) return setProblem('佐证材料不得超过 10 MB');
    try {
      const stored = await api<Evidence>(`/api/v1/evidence?year=${year}&field=${field}&fileName=${encodeURIComponent(file.name)}`, { method: 'POST', raw: file, contentType: file.type });
      setEvidence((e) => [...e, stored]);
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    }
  };

  const submit = async (values: Record<string, unknown>) => {
    const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    setBusy(true);
    setProblem(null);
    try {
      const created = await api<{ statusLabel: string }>('/api/v1/applications', {
        body: { year, category, fields, evidence: evidence.map((e) => ({ evidenceId: e.evidenceId, field: e.field, title: e.fileName })) },
      });
      setReceived(created);
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };

  const declarable = useMemo(() => view.data?.declarable ?? [], [view.data]);
  if (received) {
    return <Result status="success" title="申报已受理" subTitle={`当前状态：${received.statusLabel}`} extra={<Link to="/my/application">查看申报进度</Link>} />;
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>{year} 年名特优新申报</Typography.Title>
        <Radio.Group aria-label="申报类别" value={category} onChange={(e) => setCategory(e.target.value)} optionType="button"
          options={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label }))} />
      </Card>
      {view.error && <Alert type="error" showIcon role="alert" message={view.error.explained} />}
      {!view.data ? (
        <Spin />
      ) : (
        <>
          {!view.data.gate.passed && (
            <Alert type="warning" showIcon message="资格预审未通过" description={view.data.gate.refusals.map((r) => r.reason).join('；')} />
          )}
          <Card title="部门已共享的数据（无需填报，不可修改）">
            <Form layout="vertical" aria-label="部门共享数据">
              {view.data.shared.map((s) => (
                <Form.Item key={s.field} label={s.label} htmlFor={`shared-${s.field}`} extra={`来源：${s.department}${s.asOf ? `，截至 ${formatDate(s.asOf)}` : ''}`}>
                  <Input id={`shared-${s.field}`} value={String(s.value ?? '—')} readOnly disabled data-shared-field={s.field} />
                </Form.Item>
              ))}
            </Form>
          </Card>
          <Card title="需您填报的项目">
            <Form form={form} layout="vertical" onFinish={submit} aria-label="申报表">
              {declarable.map((d) => (
                <div key={d.field}>
                  <Form.Item name={d.field} label={d.label}>
                    {fieldTypes[d.field]?.type === 'number' || fieldTypes[d.field]?.type === 'integer' ? <InputNumber min={0} style={{ width: 200 }} /> : <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />}
                  </Form.Item>
                  <label style={{ display: 'block', marginTop: -12, marginBottom: 16 }}>
                    上传「{d.label}」佐证材料（PDF、JPEG、PNG，≤10 MB）：
                    <input type="file" accept={EVIDENCE_TYPES.join(',')} onChange={(e) => e.target.files?.[0] && upload(d.field, e.target.files[0])} />
                  </label>
                </div>
              ))}
              {evidence.length > 0 && (
                <List size="small" header="已上传的佐证材料" dataSource={evidence} renderItem={(e) => <List.Item><Tag>{declarable.find((d) => d.field === e.field)?.label ?? e.field}</Tag>{e.fileName}</List.Item>} />
              )}
              <List size="small" header="条件预览" dataSource={view.data.criteria}
                renderItem={(c) => <List.Item><Tag color={c.met ? 'green' : c.met === false ? 'default' : 'orange'}>{c.met ? '满足' : c.met === false ? '不满足' : '待审核'}</Tag>{c.label}</List.Item>} />
              {problem && <Alert type="error" showIcon role="alert" message={problem} style={{ margin: '12px 0' }} />}
              <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 12 }}>提交申报</Button>
            </Form>
          </Card>
        </>
      )}
    </Space>
  );
}
