// 名特优新规则: the rule versions (draft → approval by a second city administrator → activation), one
// version's criteria catalogue, negative-list windows and score sheet in Chinese, and its diff against the
// active version. City administrators draft (from the active definition, as JSON with the score sheet's
// numbers as fields), approve and activate; the API decides and its Chinese refusals are shown as they are.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CATEGORIES, type CategoryCode } from '@domain/category/categories';
import { api, ApiFailure } from '../../api';
import { formatTime } from '../../labels';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';

interface Entry { code: string; label: string; mode: 'AUTO' | 'ASSESS' | 'WORKFLOW' }
interface Section { code: string; label: string; max: number }
interface Definition {
  gate: { penaltyWindowMonths: number; penaltyMustBePublic: boolean; accidentGrades: string[]; accidentWindowMonths: number; relaxedGroups: string[]; n1Edition?: number };
  criteria: { minStores: number; minYearsOperating: number; minInsuredEmployees: number; specialtyIndustryPrefixes: string[]; catalogue: Record<CategoryCode, Entry[]> };
  scoreSheet: { version: string; sections: Section[]; passLine: number };
}
interface RuleSet {
  id: string; version: string; status: string; statusLabel: string; note: string | null; definition: Definition;
  createdBy: string | null; createdAt: string; approvedBy: string | null; approvedAt: string | null; activatedBy: string | null; activatedAt: string | null; retiredAt: string | null;
}
interface Diff { id: string; activeId: string; changes: Array<{ path: string; from: unknown; to: unknown }> }

const STATUS_COLORS: Record<string, string> = { DRAFT: 'default', APPROVED: 'blue', ACTIVE: 'green', RETIRED: 'default' };
const MODES: Record<string, string> = { AUTO: '由共享数据自动判定', ASSESS: '由县级审核或实地走访判断', WORKFLOW: '由部门推荐满足' };
/** What a diff path means, by its first segments (the rest, e.g. a category or index, is shown after). */
const PATH_LABELS: Array<[string, string]> = [
  ['gate.penaltyWindowMonths', '负面清单 N1：罚款及以上行政处罚窗口期（月）'],
  ['gate.penaltyMustBePublic', '负面清单 N1：处罚须在公示期内'],
  ['gate.accidentGrades', '负面清单 N3：计入的生产安全事故等级'],
  ['gate.accidentWindowMonths', '负面清单 N3：事故窗口期（月）'],
  ['gate.relaxedGroups', '放宽类型限制的特殊群体'],
  ['gate.n1Edition', '负面清单 N1 的解释版本'],
  ['criteria.minStores', 'M4：同一字号门店数下限'],
  ['criteria.minYearsOperating', 'Y1：经营年限下限（年）'],
  ['criteria.minInsuredEmployees', 'Y6：连续两年参保人数下限'],
  ['criteria.specialtyIndustryPrefixes', 'T5：本地特色产业行业代码前缀'],
  ['criteria.catalogue', '条件目录'],
  ['scoreSheet.version', '评分表版本'],
  ['scoreSheet.sections', '评分表项目'],
  ['scoreSheet.passLine', '评分表及格线'],
];
const pathLabel = (path: string) => {
  const hit = PATH_LABELS.find(([p]) => path === p || path.startsWith(`${p}.`));
  if (!hit) return path;
  const rest = path.slice(hit[0].length + 1);
  return rest ? `${hit[1]}（${CATEGORIES[rest as CategoryCode] ?? rest}）` : hit[1];
};
const shown = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? '是' : '否') : JSON.stringify(v));
const list = (xs: string[]) => (xs.length ? xs.join('、') : '—');

export function CategoryRules() {
  const { me } = useSession();
  const isCity = me.role === 'CITY_AMR';
  const { data, error, reload } = useAsync(() => api<{ items: RuleSet[]; activeId: string }>('/api/v1/category-rules'), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = data?.items ?? [];
  const active = items.find((r) => r.id === data?.activeId);
  const selected = items.find((r) => r.id === selectedId) ?? null;
  // The API gives account ids (no directory of names): the system, you, or the id as the audit log has it.
  const who = (id: string | null) => (!id ? '系统' : id === me.id ? `本人（${me.name}）` : `账号 ${id}`);

  const act = async (r: RuleSet, action: 'approve' | 'activate') => {
    setBusy(`${action}:${r.id}`);
    setProblem(null);
    setDone(null);
    try {
      await api(`/api/v1/category-rules/${encodeURIComponent(r.id)}/${action}`, { method: 'POST' });
      setDone(action === 'approve' ? `已审批规则版本 ${r.version}` : `已启用规则版本 ${r.version}，此后启动的周期采用该版本`);
      reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>名特优新规则</Typography.Title>
        <Typography.Paragraph type="secondary">
          条件目录、负面清单窗口期和评分表按版本管理：市级市场监管局起草，另一名市级管理员审批后启用；此后启动的周期采用启用中的版本，进行中的周期不受影响。
        </Typography.Paragraph>
        {error && <Alert type="error" role="alert" message={error.explained} />}
        {isCity && active && !drafting && (
          <Button type="primary" style={{ marginBottom: 12 }} onClick={() => { setDrafting(true); setProblem(null); setDone(null); }}>起草新版本</Button>
        )}
        <Table<RuleSet> rowKey="id" size="small" pagination={false} dataSource={items} scroll={{ x: 900 }} data-testid="category-rules-list"
          columns={[
            { title: '版本', dataIndex: 'version' },
            { title: '状态', dataIndex: 'status', render: (s: string, r) => <Tag color={STATUS_COLORS[s]} data-testid="rules-status">{r.statusLabel}</Tag> },
            { title: '起草', key: 'created', render: (_, r) => `${who(r.createdBy)} ${formatTime(r.createdAt)}` },
            { title: '审批', key: 'approved', render: (_, r) => (r.approvedBy ? `${who(r.approvedBy)} ${formatTime(r.approvedAt)}` : '—') },
            { title: '启用', key: 'activated', render: (_, r) => (r.activatedAt ? `${who(r.activatedBy)} ${formatTime(r.activatedAt)}` : '—') },
            { title: '停用', dataIndex: 'retiredAt', render: formatTime },
            {
              title: '操作', key: 'actions', render: (_, r) => (
                <Space size="small">
                  <Button size="small" onClick={() => setSelectedId(r.id)} aria-label={`查看 ${r.version}`}>查看</Button>
                  {isCity && r.status === 'DRAFT' && (
                    <Button size="small" loading={busy === `approve:${r.id}`} onClick={() => act(r, 'approve')} aria-label={`审批 ${r.version}`}>审批</Button>
                  )}
                  {isCity && r.status === 'APPROVED' && (
                    <Popconfirm title={`启用规则版本 ${r.version}？`} description="原启用版本将停用；此后启动的周期采用该版本，进行中的周期不受影响。"
                      okText="确认启用" cancelText="取消" onConfirm={() => act(r, 'activate')}>
                      <Button size="small" type="primary" loading={busy === `activate:${r.id}`} aria-label={`启用 ${r.version}`}>启用</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]} />
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginTop: 12 }} data-testid="rules-problem" />}
        {done && <Alert type="success" showIcon message={done} style={{ marginTop: 12 }} data-testid="rules-done" />}
      </Card>
      {drafting && active && (
        <DraftForm start={active} onCancel={() => setDrafting(false)} onCreated={(r) => { setDrafting(false); setSelectedId(r.id); setDone(`已保存草稿 ${r.version}，须由另一名市级管理员审批`); reload(); }} />
      )}
      {selected && <RulesDetail rules={selected} isActive={selected.id === data?.activeId} />}
    </Space>
  );
}

/** A new draft: version, note and the definition as JSON, with the score sheet's numbers as fields over it. */
function DraftForm({ start, onCancel, onCreated }: { start: RuleSet; onCancel: () => void; onCreated: (r: RuleSet) => void }) {
  const [version, setVersion] = useState('');
  const [note, setNote] = useState('');
  const [text, setText] = useState(() => JSON.stringify(start.definition, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  let parsed: Definition | null = null;
  let parseError: string | null = null;
  try {
    parsed = JSON.parse(text) as Definition;
  } catch (e) {
    parseError = `规则定义不是有效的 JSON：${(e as Error).message}`;
  }
  const sheet = parsed?.scoreSheet;
  const sheetOk = !!sheet && Array.isArray(sheet.sections);
  const edit = (change: (d: Definition) => void) => {
    if (!parsed) return;
    const d = structuredClone(parsed);
    change(d);
    setText(JSON.stringify(d, null, 2));
  };
  const total = sheetOk ? sheet.sections.reduce((s, x) => s + (Number(x.max) || 0), 0) : 0;
  const save = async () => {
    setProblem(null);
    if (parseError) return setProblem(parseError);
    setSaving(true);
    try {
      onCreated(await api<RuleSet>('/api/v1/category-rules', { body: { version: version.trim(), definition: parsed, ...(note.trim() ? { note: note.trim() } : {}) } }));
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card title={`起草新版本（以启用中的版本 ${start.version} 为起点）`}>
      <Form layout="vertical" aria-label="规则草稿" onFinish={save}>
        <Form.Item label="版本号（字母、数字、点、横线或下划线）" htmlFor="rules-version" required>
          <Input id="rules-version" value={version} onChange={(e) => setVersion(e.target.value)} maxLength={40} />
        </Form.Item>
        <Form.Item label="修订说明" htmlFor="rules-note">
          <Input id="rules-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </Form.Item>
        {sheetOk && (
          <fieldset style={{ border: '1px solid #f0f0f0', padding: 12, marginBottom: 16 }}>
            <legend style={{ fontSize: 14, width: 'auto', marginBottom: 0 }}>评分表（各项满分之和须为 100 分，现为 {total} 分）</legend>
            <Space wrap>
              {sheet.sections.map((s, i) => (
                <Space key={`${s.code}-${i}`} size={4}>
                  <label htmlFor={`rules-section-${i}`}>{s.code} {s.label} 满分</label>
                  <InputNumber id={`rules-section-${i}`} min={1} max={100} precision={0} value={s.max}
                    onChange={(v) => v !== null && edit((d) => { d.scoreSheet.sections[i]!.max = v; })} />
                </Space>
              ))}
              <Space size={4}>
                <label htmlFor="rules-pass-line">及格线</label>
                <InputNumber id="rules-pass-line" min={0} max={100} value={sheet.passLine} onChange={(v) => v !== null && edit((d) => { d.scoreSheet.passLine = v; })} />
              </Space>
            </Space>
          </fieldset>
        )}
        <Form.Item label="规则定义（JSON：gate 负面清单与准入，criteria 条件目录与阈值，scoreSheet 评分表）" htmlFor="rules-definition"
          validateStatus={parseError ? 'error' : undefined} help={parseError ?? undefined}>
          <Input.TextArea id="rules-definition" value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 8, maxRows: 24 }}
            style={{ fontFamily: 'monospace', fontSize: 12 }} spellCheck={false} />
        </Form.Item>
        {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} data-testid="draft-problem" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>保存草稿</Button>
          <Button onClick={onCancel}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** One version in Chinese: the criteria catalogue, the negative-list windows, the score sheet, the diff. */
function RulesDetail({ rules, isActive }: { rules: RuleSet; isActive: boolean }) {
  const d = rules.definition;
  const [diff, setDiff] = useState<Diff | null>(null);
  const [diffError, setDiffError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDiff(null);
    setDiffError(null);
    api<Diff>(`/api/v1/category-rules/${encodeURIComponent(rules.id)}/diff`).then(
      (r) => live && setDiff(r),
      (e: ApiFailure) => live && setDiffError(e.explained),
    );
    return () => {
      live = false;
    };
  }, [rules.id, rules.status]);
  return (
    <Card title={`规则版本 ${rules.version}（${rules.statusLabel}）`} data-testid="rules-detail">
      {rules.note && <Typography.Paragraph>修订说明：{rules.note}</Typography.Paragraph>}
      <Typography.Title level={2} style={{ fontSize: 16 }}>负面清单与准入</Typography.Title>
      <Descriptions size="small" bordered column={1} data-testid="rules-gate">
        <Descriptions.Item label="N1 罚款及以上行政处罚窗口期">{d.gate.penaltyWindowMonths} 个月{d.gate.penaltyMustBePublic ? '（且处罚仍在公示期内）' : ''}</Descriptions.Item>
        <Descriptions.Item label="N3 生产安全事故窗口期">{d.gate.accidentWindowMonths} 个月（计入等级：{list(d.gate.accidentGrades)}）</Descriptions.Item>
        <Descriptions.Item label="放宽类型限制的特殊群体">{list(d.gate.relaxedGroups)}</Descriptions.Item>
        <Descriptions.Item label="M4 同一字号门店数下限">{d.criteria.minStores}</Descriptions.Item>
        <Descriptions.Item label="Y1 经营年限下限">{d.criteria.minYearsOperating} 年</Descriptions.Item>
        <Descriptions.Item label="Y6 连续两年参保人数下限">{d.criteria.minInsuredEmployees} 人</Descriptions.Item>
        <Descriptions.Item label="T5 本地特色产业行业代码前缀">{list(d.criteria.specialtyIndustryPrefixes)}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>评分表（{d.scoreSheet.version}）</Typography.Title>
      <Table<Section> rowKey="code" size="small" pagination={false} dataSource={d.scoreSheet.sections} data-testid="rules-score-sheet"
        columns={[{ title: '项目', dataIndex: 'code' }, { title: '名称', dataIndex: 'label' }, { title: '满分', dataIndex: 'max' }]} />
      <Typography.Paragraph style={{ marginTop: 8 }} data-testid="rules-pass-line">
        总分 {d.scoreSheet.sections.reduce((s, x) => s + x.max, 0)} 分，及格线 {d.scoreSheet.passLine} 分
      </Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>条件目录</Typography.Title>
      {(Object.keys(CATEGORIES) as CategoryCode[]).map((c) => (
        <div key={c} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{CATEGORIES[c]}</Typography.Text>
          <Table<Entry> rowKey="code" size="small" pagination={false} dataSource={d.criteria.catalogue[c] ?? []} data-testid={`rules-catalogue-${c}`}
            columns={[{ title: '代码', dataIndex: 'code', width: 80 }, { title: '条件', dataIndex: 'label' }, { title: '判定方式', dataIndex: 'mode', width: 220, render: (m: string) => MODES[m] ?? m }]} />
        </div>
      ))}
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>与启用版本的差异</Typography.Title>
      {diffError && <Alert type="error" role="alert" message={diffError} />}
      {diff && (isActive ? <Typography.Text type="secondary">这是启用中的版本。</Typography.Text> : (
        <Table rowKey="path" size="small" pagination={false} dataSource={diff.changes} data-testid="rules-diff" locale={{ emptyText: '与启用版本相同' }}
          columns={[
            { title: '规则项', dataIndex: 'path', render: pathLabel },
            { title: '启用版本', dataIndex: 'from', render: shown },
            { title: '该版本', dataIndex: 'to', render: shown },
          ]} />
      ))}
    </Card>
  );
}
