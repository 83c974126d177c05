// 申请详情: the application's timeline (its states and its tasks; who did what and when, from the audit),
// comments, evidence files previewed, the gate and criteria results, and the household's typing explanation.
import { Alert, Card, Col, Descriptions, List, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { api, query } from '../../api';
import { APPLICATION_STATUSES, CATEGORIES, countyName, formatTime, TASK_KIND_LABELS, TASK_STATUS_LABELS } from '../../labels';
import { Link } from '../../router';
import { useAsync } from '../../useAsync';
import { getApplication } from '../../forms/applicationView';
import type { TaskDetail, TaskItem } from './taskActions';
import { Explanation, type BusinessView } from './BusinessPage';
import { CaseTimeline } from './CaseTimeline';
import { EvidenceFiles } from './EvidenceFiles';

/** The application's tasks: the inbox filtered to this business and year, every status. */
async function tasksOf(year: number, uscc: string): Promise<TaskDetail[]> {
  const found: TaskItem[] = [];
  for (const status of ['OPEN', 'COMPLETED', 'SENT_BACK', 'CANCELLED']) {
    const r: { items: TaskItem[] } = await api(`/api/v1/tasks${query({ status, year, uscc, limit: 200 })}`);
    found.push(...r.items);
  }
  const details = await Promise.all(found.map((t) => api<TaskDetail>(`/api/v1/tasks/${t.id}`)));
  return details.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function CaseView({ year, uscc }: { year: number; uscc: string }) {
  const application = useAsync(() => getApplication(year, uscc), [year, uscc]);
  const tasks = useAsync(() => tasksOf(year, uscc), [year, uscc]);
  const business = useAsync(() => api<BusinessView>(`/api/v1/businesses/${uscc}${query({ year })}`), [year, uscc]);
  const a = application.data;
  if (application.error) return <Alert type="error" showIcon role="alert" message={application.error.explained} />;
  if (!a) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>申请详情 · {business.data?.tradeName ?? uscc}</Typography.Title>
        <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="统一社会信用代码"><Link to={`/businesses/${uscc}`}>{uscc}</Link></Descriptions.Item>
          <Descriptions.Item label="年度">{a.year}</Descriptions.Item>
          <Descriptions.Item label="县（市、区）">{countyName(a.county)}</Descriptions.Item>
          <Descriptions.Item label="类别">{(CATEGORIES as Record<string, string>)[a.category]}</Descriptions.Item>
          <Descriptions.Item label="渠道">{a.channel === 'SELF' ? '自主申报' : '部门推荐'}</Descriptions.Item>
          <Descriptions.Item label="当前状态"><Tag color="blue" data-testid="case-status">{a.statusLabel}</Tag></Descriptions.Item>
          <Descriptions.Item label="评分">{a.score ? `${a.score.total} 分${a.score.veto ? '（否决）' : a.score.passed ? '（及格）' : '（不及格）'}` : `已提交 ${a.scoresSubmitted} / 2，双方提交后显示`}</Descriptions.Item>
          <Descriptions.Item label="排名">{a.rank ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="公示截止">{formatTime(a.noticeEndsAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title="流程时间线">
            <Timeline items={a.history.map((h) => ({ children: <div><strong>{labelOf(h.status)}</strong> <Typography.Text type="secondary">{formatTime(h.at)}</Typography.Text>{h.note && <div>{h.note}</div>}</div> }))} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="办理环节" data-testid="case-tasks">
            {tasks.error && <Alert type="error" message={tasks.error.explained} />}
            <Table<TaskDetail> rowKey="id" size="small" pagination={false} loading={tasks.loading} dataSource={tasks.data ?? []}
              columns={[
                { title: '环节', dataIndex: 'kind', render: (k: string, t) => <Link to={`/tasks/${t.id}`}>{TASK_KIND_LABELS[k] ?? k}</Link> },
                { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === 'OPEN' ? 'orange' : s === 'COMPLETED' ? 'green' : 'default'}>{TASK_STATUS_LABELS[s] ?? s}</Tag> },
                { title: '创建', dataIndex: 'createdAt', render: formatTime },
                { title: '期限', dataIndex: 'dueAt', render: (d: string, t) => <span className={t.overdue ? 'overdue' : undefined}>{formatTime(d)}</span> },
              ]}
              expandable={{
                rowExpandable: (t) => t.comments.length > 0,
                expandedRowRender: (t) => <List size="small" dataSource={t.comments} renderItem={(c) => <List.Item>{c.author}：{c.text}（{formatTime(c.at)}）</List.Item>} />,
              }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title="办理记录（谁在何时做了什么）">
            <CaseTimeline year={year} uscc={uscc} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="佐证材料">
            <EvidenceFiles files={a.evidence ?? []} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title="资格预审">
            {a.gate ? (
              <>
                <Tag color={a.gate.passed ? 'green' : 'red'}>{a.gate.passed ? '通过' : '未通过'}</Tag>
                {a.gate.via && <span>依据：{a.gate.via === 'TYPE' ? '分型结果' : '部门推荐'}</span>}
                <List size="small" dataSource={a.gate.refusals} renderItem={(r) => <List.Item>{r.code}：{r.reason}</List.Item>} />
              </>
            ) : '尚未预审'}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="条件核验">
            <List size="small" dataSource={a.criteria ?? []} locale={{ emptyText: '尚未核验' }}
              renderItem={(c) => <List.Item><Tag color={c.met ? 'green' : c.met === false ? 'default' : 'orange'}>{c.met ? '满足' : c.met === false ? '不满足' : '待审核'}</Tag>{c.code} {c.label}<Typography.Text type="secondary">（{c.evidence}）</Typography.Text></List.Item>} />
          </Card>
        </Col>
      </Row>
      {business.data?.typing && (
        <Card title={`分型结果：${business.data.typing.typeLabel}`}>
          <Explanation explanation={business.data.typing.explanation} />
        </Card>
      )}
    </Space>
  );
}

const labelOf = (s: string) => (APPLICATION_STATUSES as Record<string, string>)[s] ?? s;
