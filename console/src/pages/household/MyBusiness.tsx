// 经营者: my type and why, and a recheck request (三季度复核期) for the values I dispute.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Tag, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { FEATURE_LABELS, formatTime } from '../../labels';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { BusinessProfile, type BusinessView } from '../staff/BusinessPage';

interface Recheck { recheckId: string; status: string; disputed: Array<{ feature: string; claimedValue: number }>; decisions: Array<{ feature: string; accept: boolean; reason: string }> | null; dueAt: string }
const RECHECK_STATUS: Record<string, string> = { AWAITING_VERIFICATION: '核实中', RESOLVED_CORRECTED: '已更正', RESOLVED_NO_CHANGE: '核实后未更正', EXPIRED: '已过期' };

export function MyBusiness() {
  const { me } = useSession();
  if (!me.uscc) return <Alert type="warning" message="该账号未绑定个体工商户" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <BusinessProfile uscc={me.uscc} />
      <RecheckCard uscc={me.uscc} />
    </Space>
  );
}

function RecheckCard({ uscc }: { uscc: string }) {
  const business = useAsync(() => api<BusinessView>(`/api/v1/businesses/${uscc}`), [uscc]);
  const year = business.data?.typing?.year;
  const recheck = useAsync(() => (year ? api<Recheck>(`/api/v1/rechecks/${year}/${uscc}`).catch((e: ApiFailure) => (e.status === 404 ? null : Promise.reject(e))) : Promise.resolve(null)), [uscc, year]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!year) return null;
  const submit = async (values: Record<string, { value?: number | null; note?: string }>) => {
    const disputed = Object.entries(values)
      .filter(([, v]) => v?.value !== undefined && v.value !== null)
      .map(([feature, v]) => ({ feature, claimedValue: v.value!, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }));
    if (!disputed.length) return setProblem('请至少填写一项您认为不准确的数值');
    setBusy(true);
    setProblem(null);
    try {
      await api('/api/v1/rechecks', { body: { year, uscc, disputed } });
      recheck.reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="申请分型复核">
      {recheck.data ? (
        <>
          <p>复核状态：<Tag color="blue">{RECHECK_STATUS[recheck.data.status] ?? recheck.data.status}</Tag>办理期限 {formatTime(recheck.data.dueAt)}</p>
          {(recheck.data.decisions ?? []).map((d) => (
            <p key={d.feature}>{FEATURE_LABELS[d.feature]}：{d.accept ? '采纳' : '不采纳'}（{d.reason}）</p>
          ))}
        </>
      ) : (
        <Form layout="vertical" onFinish={submit} aria-label="分型复核申请">
          <Typography.Paragraph type="secondary">对分型所用的数值有异议的，请填写您认为正确的数值（复核期内），由市场监管所逐项核实。</Typography.Paragraph>
          {Object.entries(FEATURE_LABELS).map(([feature, label]) => (
            <Space key={feature} wrap align="start">
              <Form.Item name={[feature, 'value']} label={`${label}（主张值）`}>
                <InputNumber min={0} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[feature, 'note']} label="说明">
                <Input maxLength={500} style={{ width: 220 }} />
              </Form.Item>
            </Space>
          ))}
          {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={busy}>提交复核申请</Button>
        </Form>
      )}
    </Card>
  );
}
