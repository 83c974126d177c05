// 待办 / 已办: the inbox with the API's filters, sorted by due date (the API's order), overdue in red
// with the SLA left in working days; claim and unclaim in place; a claim conflict names the holder.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiFailure, query } from '../../api';
import { COUNTIES, countyName, formatTime, TASK_KIND_LABELS, TASK_STATUS_LABELS, workingDaysLeft } from '../../labels';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { claim, holderLabel, unclaim, type TaskItem } from './taskActions';

interface Filters {
  kind?: string;
  county?: string;
  year?: number;
  due?: 'overdue' | '3' | '7';
  assignee: 'any' | 'me' | 'unassigned';
  status: string;
}

const dueBounds = (due: Filters['due']) => {
  if (!due) return {};
  const now = Date.now();
  if (due === 'overdue') return { dueBefore: new Date(now).toISOString() };
  return { dueBefore: new Date(now + Number(due) * 86_400_000).toISOString() };
};

export function Inbox({ mode }: { mode: 'open' | 'done' }) {
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const [filters, setFilters] = useState<Filters>({ assignee: mode === 'done' ? 'me' : 'any', status: mode === 'done' ? 'COMPLETED' : 'OPEN' });
  const [pages, setPages] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const current = { ...filters, status: mode === 'done' ? filters.status : 'OPEN', assignee: mode === 'done' ? 'me' : filters.assignee };
  const { data, error, loading, reload } = useAsync(async () => {
    // Every page up to the ones already loaded, so an action keeps the list as it was.
    const items: TaskItem[] = [];
    let after: string | null | undefined;
    let next: string | null = null;
    for (let i = 0; i <= pages.length; i++) {
      const page = await api<{ items: TaskItem[]; nextAfter: string | null }>(
        `/api/v1/tasks${query({ status: current.status, kind: current.kind, county: current.county, year: current.year, assignee: current.assignee, limit: 50, after, ...dueBounds(current.due) })}`,
      );
      items.push(...page.items);
      next = page.nextAfter;
      after = next;
      if (!next) break;
    }
    return { items, next };
  }, [JSON.stringify(current), pages.length, mode]);

  const act = async (task: TaskItem, action: 'claim' | 'unclaim') => {
    setBusy(task.id);
    setProblem(null);
    try {
      if (action === 'claim') await claim(task.id);
      else await unclaim(task.id);
      message.success(action === 'claim' ? '已认领' : '已退回认领');
    } catch (e) {
      setProblem((e as ApiFailure).explained ?? (e as Error).message);
    } finally {
      setBusy(null);
      reload();
    }
  };

  const set = (patch: Partial<Filters>) => {
    setPages([]);
    setFilters((f) => ({ ...f, ...patch }));
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        {mode === 'open' ? '待办' : '已办'}
      </Typography.Title>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }} aria-label="筛选">
        <Form.Item label="类型" htmlFor="filter-kind">
          <Select id="filter-kind" allowClear style={{ width: 160 }} placeholder="全部" value={filters.kind} onChange={(kind) => set({ kind })}
            options={Object.entries(TASK_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="县（市、区）" htmlFor="filter-county">
          <Select id="filter-county" allowClear style={{ width: 160 }} placeholder="全部" value={filters.county} onChange={(county) => set({ county })}
            options={Object.entries(COUNTIES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="期限" htmlFor="filter-due">
          <Select id="filter-due" allowClear style={{ width: 140 }} placeholder="全部" value={filters.due} onChange={(due) => set({ due })}
            options={[{ value: 'overdue', label: '已逾期' }, { value: '3', label: '3 天内到期' }, { value: '7', label: '7 天内到期' }]} />
        </Form.Item>
        <Form.Item label="年度" htmlFor="filter-year">
          <Select id="filter-year" allowClear style={{ width: 110 }} placeholder="全部" value={filters.year} onChange={(year) => set({ year })}
            options={[0, 1, 2].map((d) => new Date().getFullYear() - d).map((y) => ({ value: y, label: `${y}` }))} />
        </Form.Item>
        {mode === 'open' ? (
          <Form.Item label="认领" htmlFor="filter-assignee">
            <Select id="filter-assignee" style={{ width: 130 }} value={filters.assignee} onChange={(assignee) => set({ assignee })}
              options={[{ value: 'any', label: '全部' }, { value: 'me', label: '我认领的' }, { value: 'unassigned', label: '未认领' }]} />
          </Form.Item>
        ) : (
          <Form.Item label="状态" htmlFor="filter-status">
            <Select id="filter-status" style={{ width: 130 }} value={filters.status} onChange={(status) => set({ status })}
              options={['COMPLETED', 'SENT_BACK', 'CANCELLED', 'EXPIRED'].map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))} />
          </Form.Item>
        )}
      </Form>
      {problem && <Alert type="error" showIcon role="alert" message={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon role="alert" message={error.explained} style={{ marginBottom: 12 }} />}
      <Table<TaskItem>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: '待办', dataIndex: 'title', render: (title: string, t) => <Link to={`/tasks/${t.id}`}>{title}</Link> },
          { title: '类型', dataIndex: 'kind', render: (k: string) => TASK_KIND_LABELS[k] ?? k, width: 130 },
          { title: '县（市、区）', dataIndex: 'county', render: (c: string | null) => countyName(c), width: 110 },
          { title: '经营者', dataIndex: 'uscc', render: (u: string | null, t) => (u && t.year ? <Link to={`/cases/${t.year}/${u}`}>{u}</Link> : '—'), width: 190 },
          {
            title: '办理期限', dataIndex: 'dueAt', width: 210,
            render: (due: string, t) => {
              const left = workingDaysLeft(due);
              return (
                <span className={t.overdue ? 'overdue' : undefined} data-overdue={t.overdue ? 'true' : 'false'}>
                  {formatTime(due)}
                  <br />
                  {t.status === 'OPEN' ? (t.overdue ? `已逾期 ${Math.abs(left)} 个工作日` : `剩余 ${left} 个工作日`) : TASK_STATUS_LABELS[t.status]}
                </span>
              );
            },
          },
          {
            title: '认领人', key: 'assignee', width: 150,
            render: (_: unknown, t) => (t.assigneeId ? <Tag color={t.assigneeId === me.id ? 'blue' : 'default'}>{t.assigneeId === me.id ? '我' : holderLabel(t, me.id)}</Tag> : <Tag>未认领</Tag>),
          },
          {
            title: '操作', key: 'actions', width: 170, fixed: 'right',
            render: (_: unknown, t) =>
              t.status !== 'OPEN' || me.role === 'AUDITOR' ? null : (
                <Space>
                  {t.assigneeId === me.id ? (
                    <Button size="small" onClick={() => act(t, 'unclaim')} loading={busy === t.id}>退回认领</Button>
                  ) : !t.assigneeId ? (
                    <Button size="small" type="primary" onClick={() => act(t, 'claim')} loading={busy === t.id} aria-label={`认领 ${t.title}`}>认领</Button>
                  ) : null}
                  <Link to={`/tasks/${t.id}`}>办理</Link>
                </Space>
              ),
          },
        ]}
      />
      {data?.next && (
        <Button style={{ marginTop: 12 }} onClick={() => setPages((p) => [...p, data.next!])}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
