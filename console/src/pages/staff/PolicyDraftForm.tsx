// 起草政策: a department drafts a support policy (its own department is the issuer). The target's lists
// restrict nothing when empty; the extra conditions are optional, in the typing rule language (JSON).
// Refusals (a code that exists, conditions that do not parse) show the API's message; nothing is lost.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Typography } from 'antd';
import { CATEGORIES } from '@domain/category/categories';
import { api, ApiFailure } from '../../api';
import { COUNTIES, TYPE_LABELS } from '../../labels';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import { POLICY_AREAS, POLICY_MODES, type Policy } from '../../policies/policyText';
import { canDraft } from './Policies';

interface Values {
  code: string; version: string; title: string; legalBasis: string; area: string; benefit: string; mode: 'AUTO' | 'APPLY'; contact: string;
  types?: string[]; categories?: string[]; specialGroups?: string[]; industries?: string[]; counties?: string[]; conditions?: string;
}

const GROUPS = ['退役军人', '残疾人', '高校毕业生', '返乡创业农民工'];

export function PolicyDraftForm() {
  const { me } = useSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canDraft(me)) return <Alert type="warning" role="alert" showIcon message="只有登记了所属部门的部门工作人员或市级工作人员可以起草政策" />;
  const submit = async (v: Values) => {
    setProblem(null);
    let conditions: unknown = null;
    if (v.conditions?.trim()) {
      try {
        conditions = JSON.parse(v.conditions);
      } catch {
        return setProblem('附加条件不是有效的 JSON，请检查括号和引号');
      }
    }
    setBusy(true);
    try {
      const created = await api<Policy>('/api/v1/policies', {
        body: {
          code: v.code?.trim(), version: v.version?.trim(), title: v.title, legalBasis: v.legalBasis, area: v.area, benefit: v.benefit, mode: v.mode, contact: v.contact, conditions,
          target: { types: v.types ?? [], categories: v.categories ?? [], specialGroups: v.specialGroups ?? [], industries: (v.industries ?? []).map((s) => s.trim()), counties: v.counties ?? [] },
        },
      });
      navigate(`/policies/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Link to="/policies">← 返回政策库</Link>
      <Typography.Title level={1} style={{ fontSize: 20 }}>起草扶持政策</Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 16 }}
        message={`发布部门为您所属的部门（${me.department}）。草稿须由市级另一名工作人员审核后发布；面向对象各项不选表示不限。`} />
      <Form<Values> layout="vertical" aria-label="政策草稿" onFinish={submit} initialValues={{ version: '1', mode: 'APPLY' }}>
        <Form.Item name="title" label="政策名称" rules={[{ required: true, whitespace: true, message: '请填写政策名称' }]}><Input maxLength={200} /></Form.Item>
        <Form.Item name="code" label="政策编码（字母、数字、- 或 _）" rules={[{ required: true, pattern: /^[\w-]{1,40}$/, message: '编码为 1–40 位字母、数字、- 或 _' }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="version" label="版本" rules={[{ required: true, pattern: /^[\w.-]{1,40}$/, message: '版本为 1–40 位字母、数字、点、- 或 _' }]}><Input maxLength={40} /></Form.Item>
        <Form.Item name="area" label="措施领域" rules={[{ required: true, message: '请选择措施领域' }]}>
          <Select options={POLICY_AREAS.map((a) => ({ value: a, label: a }))} />
        </Form.Item>
        <Form.Item name="legalBasis" label="政策依据" rules={[{ required: true, whitespace: true, message: '请填写政策依据' }]}><Input maxLength={500} /></Form.Item>
        <fieldset style={{ border: '1px solid #e5e6eb', padding: '8px 12px 0', marginBottom: 16 }}>
          <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>面向对象（不选为不限）</legend>
          <Form.Item name="types" label="分型"><Select mode="multiple" options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} /></Form.Item>
          <Form.Item name="categories" label="名特优新类别">
            <Select mode="multiple" options={[...Object.entries(CATEGORIES).map(([value, label]) => ({ value, label })), { value: 'ANY', label: '任一类别' }]} />
          </Form.Item>
          <Form.Item name="specialGroups" label="特殊群体"><Select mode="tags" options={GROUPS.map((g) => ({ value: g, label: g }))} /></Form.Item>
          <Form.Item name="industries" label="行业（GB/T 4754 代码前缀，如 62 餐饮业）"
            rules={[{ validator: (_, v?: string[]) => ((v ?? []).every((s) => /^\d{1,4}$/.test(s.trim())) ? Promise.resolve() : Promise.reject(new Error('行业代码前缀须为 1–4 位数字'))) }]}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} />
          </Form.Item>
          <Form.Item name="counties" label="县（市、区）"><Select mode="multiple" options={Object.entries(COUNTIES).map(([value, label]) => ({ value, label }))} /></Form.Item>
        </fieldset>
        <Form.Item name="conditions" label="附加条件（可选，分型规则语言 JSON，如 {&quot;params&quot;:{&quot;MIN&quot;:150000},&quot;when&quot;:{&quot;feature&quot;:&quot;revenue&quot;,&quot;op&quot;:&quot;>=&quot;,&quot;param&quot;:&quot;MIN&quot;}}）">
          <Input.TextArea autoSize={{ minRows: 2 }} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="benefit" label="扶持内容" rules={[{ required: true, whitespace: true, message: '请填写扶持内容' }]}><Input.TextArea maxLength={2000} autoSize={{ minRows: 3 }} showCount /></Form.Item>
        <Form.Item name="mode" label="享受方式">
          <Radio.Group options={Object.entries(POLICY_MODES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="contact" label="咨询联系（部门、电话）" rules={[{ required: true, whitespace: true, message: '请填写咨询联系方式' }]}><Input maxLength={200} /></Form.Item>
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="policy-problem" />}
        <Button type="primary" htmlType="submit" loading={busy}>保存草稿</Button>
      </Form>
    </Card>
  );
}
