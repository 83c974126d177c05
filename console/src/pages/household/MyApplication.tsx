// My application's progress (states with dates) and withdrawal before the city confirms.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Result, Spin, Tag, Timeline, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { APPLICATION_STATUSES, CATEGORIES, formatTime } from '../../labels';
import { Link } from '../../router';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { getApplication } from '../../forms/applicationView';
import type { BusinessView } from '../staff/BusinessPage';

const FINAL = ['REJECTED_GATE', 'REJECTED_REVIEW', 'OBJECTION_UPHELD', 'DESIGNATED', 'NOT_DESIGNATED', 'WITHDRAWN', 'CONFIRMED', 'INGESTED'];

export function MyApplication() {
  const { me } = useSession();
  const business = useAsync(() => api<BusinessView>(`/api/v1/businesses/${me.uscc}`), [me.uscc]);
  const year = business.data?.typing?.year;
  const application = useAsync(() => (year ? getApplication(year, me.uscc!) : Promise.resolve(null)), [year, me.uscc]);
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (application.error?.status === 404) return <Result title="本年度尚未申报" extra={<Link to="/my/apply">去申报</Link>} />;
  if (application.error) return <Alert type="error" showIcon role="alert" message={application.error.explained} />;
  const a = application.data;
  if (!a) return <Spin />;
  const withdraw = async ({ reason }: { reason?: string }) => {
    setProblem(null);
    try {
      await api(`/api/v1/applications/${a.year}/${a.uscc}/withdrawal`, { body: { reason: reason ?? '' } });
      setAsking(false);
      application.reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    }
  };
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>{a.year} 年名特优新申报进度</Typography.Title>
      <p>类别：{(CATEGORIES as Record<string, string>)[a.category]}　当前状态：<Tag color="blue" data-testid="my-application-status">{a.statusLabel}</Tag></p>
      <Timeline items={a.history.map((h) => ({ children: <span>{(APPLICATION_STATUSES as Record<string, string>)[h.status] ?? h.status}　{formatTime(h.at)}{h.note ? `（${h.note}）` : ''}</span> }))} />
      {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {!FINAL.includes(a.status) && <Button danger onClick={() => setAsking(true)}>撤回申请</Button>}
      <Modal open={asking} title="撤回申请" footer={null} onCancel={() => setAsking(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={withdraw}>
          <Form.Item name="reason" label="撤回原因（可不填）"><Input.TextArea maxLength={500} /></Form.Item>
          <Button danger type="primary" htmlType="submit">确认撤回</Button>
        </Form>
      </Modal>
    </Card>
  );
}
