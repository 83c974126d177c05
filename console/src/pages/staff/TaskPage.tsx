// One task: what it is, claim / unclaim, reassign or delegate, send back with a reason, comments, and
// the form of its kind. The rules the API enforces are checked before submission (the same zod schema);
// a refusal shows inline in Chinese and the form keeps what was typed.
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, List, Modal, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { z } from 'zod';
import { TASK_PAYLOADS } from '@domain/category/decisions';
import { api, ApiFailure } from '../../api';
import { CATEGORIES, countyName, formatTime, TASK_KIND_LABELS, TASK_STATUS_LABELS, workingDaysLeft } from '../../labels';
import { Link } from '../../router';
import { isAdmin, useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { SchemaFields, type JsonSchema } from '../../forms/SchemaForm';
import { OWN_LAYOUT } from '../../forms/fieldKinds';
import { ReviewFields } from '../../forms/ReviewFields';
import { ScoreFields } from '../../forms/ScoreFields';
import { RecheckFields, recheckPayload } from '../../forms/RecheckFields';
import { claim, getTask, holderLabel, unclaim, type ConfirmationList } from './taskActions';

z.config(z.locales.zhCN());

const RULES: Record<string, string> = {
  APPLICATION_REVIEW: '通过审核须至少满足所申报类别的一项条件（数据已核验的条件，或由您认定的需审核条件）；不通过须说明理由。',
  SITE_VISIT_SCORE: '两名评分人独立评分：须声明与该户无利益冲突；另一评分人的分数在双方都提交之前不显示。',
  CITY_CONFIRMATION: '确认名单须明确同意。',
  CITY_CONFIRMATION_PREPARE: '第一签：核对下列名单后确认制作，名单即按当前内容冻结并生成摘要；须由另一名市级管理员审批（第二签），您不能审批自己制作的名单。',
  CITY_CONFIRMATION_APPROVAL: '第二签：核对第一签冻结的名单，签署其摘要；制作名单的管理员不能审批。不同意须说明理由，名单退回重新制作。',
  RECHECK_VERIFY: '逐项采纳或不采纳，每项须说明理由；采纳的数值作为更正用于 9 月 30 日重新分型。',
};

export function TaskPage({ id }: { id: string }) {
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const { data: task, error, loading, reload } = useAsync(() => getTask(id), [id]);
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [dialog, setDialog] = useState<null | 'assign' | 'sendBack'>(null);
  const schema = useMemo(() => (task && task.kind in TASK_PAYLOADS ? (z.toJSONSchema(TASK_PAYLOADS[task.kind as keyof typeof TASK_PAYLOADS], { io: 'input' }) as JsonSchema) : null), [task?.kind]);

  if (loading && !task) return <Spin />;
  if (error) return <Alert type="error" showIcon role="alert" message={error.explained} />;
  if (!task) return null;

  const run = async (what: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await what();
      message.success(success);
      reload();
      return true;
    } catch (e) {
      setProblem((e as ApiFailure).explained ?? (e as Error).message);
      reload();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    let payload: unknown;
    if (task.kind === 'RECHECK_VERIFY') payload = recheckPayload(values);
    else {
      const kind = task.kind as keyof typeof TASK_PAYLOADS;
      const parsed = TASK_PAYLOADS[kind].safeParse(values);
      if (!parsed.success) {
        setProblem(`办理内容不正确：${parsed.error.issues.map((i) => i.message).join('；')}`);
        return;
      }
      payload = parsed.data;
    }
    const ok = await run(() => api(`/api/v1/tasks/${encodeURIComponent(task.id)}/complete`, { body: { payload } }), '已办结');
    if (ok) setDone(true);
  };

  const mine = task.assigneeId === me.id;
  const open = task.status === 'OPEN';
  const left = workingDaysLeft(task.dueAt);
  const caseLink = task.uscc && task.year ? `/cases/${task.year}/${task.uscc}` : null;

  if (done) {
    return (
      <Result status="success" title="已办结" subTitle={task.title}
        extra={[caseLink && <Link key="case" to={caseLink}>查看申请详情</Link>, <Link key="inbox" to="/inbox">返回待办</Link>]} />
    );
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>{task.title}</Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label="类型">{TASK_KIND_LABELS[task.kind] ?? task.kind}</Descriptions.Item>
          <Descriptions.Item label="县（市、区）">{countyName(task.county)}</Descriptions.Item>
          <Descriptions.Item label="状态">{TASK_STATUS_LABELS[task.status] ?? task.status}</Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <span className={task.overdue ? 'overdue' : undefined}>{formatTime(task.dueAt)}（{task.overdue ? `已逾期 ${Math.abs(left)} 个工作日` : `剩余 ${left} 个工作日`}）</span>
          </Descriptions.Item>
          <Descriptions.Item label="认领人" >
            <span data-testid="task-holder">{holderLabel(task, me.id)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="经营者">{caseLink ? <Link to={caseLink}>{task.uscc}</Link> : '—'}</Descriptions.Item>
        </Descriptions>
        {open && me.role !== 'AUDITOR' && (
          <Space wrap style={{ marginTop: 12 }}>
            {!task.assigneeId && <Button type="primary" loading={busy} onClick={() => run(() => claim(task.id), '已认领')}>认领</Button>}
            {(mine || (task.assigneeId && isAdmin(me))) && <Button loading={busy} onClick={() => run(() => unclaim(task.id), '已退回认领')}>退回认领</Button>}
            {(mine || isAdmin(me)) && <Button onClick={() => setDialog('assign')}>{isAdmin(me) ? '改派 / 委托' : '委托'}</Button>}
            <Button danger onClick={() => setDialog('sendBack')}>退回上一步</Button>
          </Space>
        )}
      </Card>
      {problem && <Alert type="error" showIcon role="alert" message={problem} data-testid="task-problem" />}
      {open && (
        <Card title="办理">
          {RULES[task.kind] && <Alert type="info" showIcon message={RULES[task.kind]} style={{ marginBottom: 16 }} />}
          {task.confirmationList !== undefined && <ConfirmationListCard list={task.confirmationList} />}
          <Form form={form} layout="vertical" aria-label="办理表单" initialValues={{ assessedCriteria: [], notes: '', note: '', ...(task.kind === 'CITY_CONFIRMATION_APPROVAL' && task.confirmationList ? { listHash: task.confirmationList.hash } : {}) }}>
            {task.kind === 'APPLICATION_REVIEW' && task.year && task.uscc && <ReviewFields year={task.year} uscc={task.uscc} />}
            {task.kind === 'SITE_VISIT_SCORE' && task.year && task.uscc && <ScoreFields year={task.year} uscc={task.uscc} />}
            {task.kind === 'RECHECK_VERIFY' && task.year && task.uscc && <RecheckFields year={task.year} uscc={task.uscc} />}
            {schema && <SchemaFields schema={schema} skip={OWN_LAYOUT[task.kind]} items={task.items ?? []} />}
            <Button type="primary" onClick={submit} loading={busy} disabled={!mine && !!task.assigneeId}>
              提交办理
            </Button>
            {!task.assigneeId && <Typography.Text type="secondary" style={{ marginLeft: 12 }}>提交即视为由您办理</Typography.Text>}
          </Form>
        </Card>
      )}
      <Comments taskId={task.id} comments={task.comments} open={open && me.role !== 'AUDITOR'} onAdded={reload} />
      <AssignDialog open={dialog === 'assign'} admin={isAdmin(me)} onClose={() => setDialog(null)}
        onSubmit={(v) => run(() => api(`/api/v1/tasks/${encodeURIComponent(task.id)}/assign`, { body: v }), v.mode === 'REASSIGN' ? '已改派' : '已委托').then((ok) => ok && setDialog(null))} />
      <Modal open={dialog === 'sendBack'} title="退回上一步" onCancel={() => setDialog(null)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { reason: string }) => run(() => api(`/api/v1/tasks/${encodeURIComponent(task.id)}/send-back`, { body: { reason: v.reason } }), '已退回').then((ok) => ok && setDialog(null))}>
          <Form.Item name="reason" label="退回理由" rules={[{ required: true, whitespace: true, message: '请说明退回理由' }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={1000} />
          </Form.Item>
          <Button type="primary" danger htmlType="submit">退回</Button>
        </Form>
      </Modal>
    </Space>
  );
}

/** The list a city confirmation signs: its entries in rank order, its digest, and who prepared it. */
function ConfirmationListCard({ list }: { list: ConfirmationList | null }) {
  if (!list) return <Alert type="warning" showIcon message="该轮名单已作废（名单在第二签前发生变化），请办理新的确认待办" style={{ marginBottom: 16 }} />;
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="confirmation-list">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={list.frozen ? '冻结名单摘要（SHA-256）' : '当前名单摘要（第一签时冻结）'}><Typography.Text code copyable>{list.hash}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label="名单户数">{list.entries.length}</Descriptions.Item>
        {list.frozen && <Descriptions.Item label="第一签">{list.preparedBy ?? '—'}（{formatTime(list.preparedAt)}）</Descriptions.Item>}
        {list.pending.length > 0 && <Descriptions.Item label="公示或异议处理未结束（不在名单上）">{list.pending.join('、')}</Descriptions.Item>}
      </Descriptions>
      <List size="small" bordered dataSource={list.entries} style={{ maxHeight: 320, overflow: 'auto' }}
        renderItem={(e) => <List.Item>第 {e.rank} 名　{e.uscc}　{CATEGORIES[e.category as keyof typeof CATEGORIES] ?? e.category}　{countyName(e.county)}　{e.score} 分</List.Item>} />
    </Space>
  );
}

function AssignDialog({ open, admin, onClose, onSubmit }: { open: boolean; admin: boolean; onClose: () => void; onSubmit: (v: { mode: string; assigneeId: string; note: string }) => void }) {
  return (
    <Modal open={open} title={admin ? '改派 / 委托' : '委托'} onCancel={onClose} footer={null} destroyOnHidden>
      <Form layout="vertical" initialValues={{ mode: admin ? 'REASSIGN' : 'DELEGATE' }} onFinish={onSubmit}>
        <Form.Item name="mode" label="方式">
          <Radio.Group options={[...(admin ? [{ value: 'REASSIGN', label: '改派（管理员）' }] : []), { value: 'DELEGATE', label: '委托' }]} />
        </Form.Item>
        <Form.Item name="assigneeId" label="被指派工作人员编号" rules={[{ required: true, pattern: /^[0-9a-f-]{36}$/i, message: '请填写工作人员编号（UUID）' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ required: true, whitespace: true, message: '改派或委托须说明理由' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">确定</Button>
      </Form>
    </Modal>
  );
}

const COMMENT_KINDS: Record<string, string> = { COMMENT: '批注', DELEGATED: '委托', REASSIGNED: '改派', SENT_BACK: '退回' };

function Comments({ taskId, comments, open, onAdded }: { taskId: string; comments: Array<{ kind: string; author: string; text: string; at: string }>; open: boolean; onAdded: () => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const [problem, setProblem] = useState<string | null>(null);
  const add = async ({ text }: { text: string }) => {
    setProblem(null);
    try {
      await api(`/api/v1/tasks/${encodeURIComponent(taskId)}/comments`, { body: { text } });
      form.resetFields();
      onAdded();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    }
  };
  return (
    <Card title="批注与流转记录">
      <List size="small" dataSource={comments} locale={{ emptyText: '暂无批注' }}
        renderItem={(c) => (
          <List.Item>
            <Space wrap><Tag>{COMMENT_KINDS[c.kind] ?? c.kind}</Tag><strong>{c.author}</strong><span>{c.text}</span><Typography.Text type="secondary">{formatTime(c.at)}</Typography.Text></Space>
          </List.Item>
        )} />
      {open && (
        <Form form={form} layout="vertical" onFinish={add} style={{ marginTop: 12 }}>
          <Form.Item name="text" label="添加批注" rules={[{ required: true, whitespace: true, message: '请填写批注内容' }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          {problem && <Alert type="error" role="alert" message={problem} style={{ marginBottom: 8 }} />}
          <Button htmlType="submit">添加批注</Button>
        </Form>
      )}
    </Card>
  );
}
