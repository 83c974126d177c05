// 经营者「我的政策」: the policies matched to my household and why, how to get each (免申即享 / 申请) and
// whom to ask; recording that I applied or used one; and my 授信 consent for banks, with what they see.
import { useState } from 'react';
import { Alert, Button, Card, List, Space, Spin, Switch, Tag, Typography } from 'antd';
import { api, ApiFailure } from '../../api';
import { formatTime } from '../../labels';
import { useSession } from '../../session';
import { useAsync } from '../../useAsync';
import { POLICY_MODES, UPTAKE_STATUSES, type Policy } from '../../policies/policyText';

interface Match { policy: Policy; current: boolean; firstMatchedAt: string; uptake: keyof typeof UPTAKE_STATUSES | null; uptakeAt: string | null; why: string[] }
interface Consent { uscc: string; consent: boolean; grantedAt: string | null }

export function MyPolicies() {
  const { me } = useSession();
  if (!me.uscc) return <Alert type="warning" message="该账号未绑定个体工商户" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <MatchedPolicies uscc={me.uscc} />
      <CreditConsent uscc={me.uscc} />
    </Space>
  );
}

function MatchedPolicies({ uscc }: { uscc: string }) {
  const { data, error, loading, reload } = useAsync(() => api<{ items: Match[] }>(`/api/v1/businesses/${uscc}/policies`), [uscc]);
  const [problem, setProblem] = useState<string | null>(null);
  const record = async (policyId: string, status: 'APPLIED' | 'USED') => {
    setProblem(null);
    try {
      await api(`/api/v1/businesses/${uscc}/policies/${encodeURIComponent(policyId)}/uptake`, { body: { status, note: null } });
      reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    }
  };
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>我的政策</Typography.Title>
      <Typography.Paragraph type="secondary">根据本户的分型、名特优新认定、行业和所在地，以下扶持政策与本户匹配。「免申即享」的政策无需申请，由部门直接兑现；「申请」的政策请联系发布部门办理。</Typography.Paragraph>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} />}
      {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {loading && !data ? <Spin /> : (
        <List dataSource={data?.items ?? []} locale={{ emptyText: '暂无匹配的政策' }} data-testid="my-policies"
          renderItem={(m) => (
            <List.Item key={m.policy.id} data-testid="my-policy" aria-label={m.policy.title}>
              <Space direction="vertical" style={{ width: '100%' }} size={4}>
                <Space wrap>
                  <strong>{m.policy.title}</strong>
                  <Tag color={m.policy.mode === 'AUTO' ? 'green' : 'blue'} data-testid="policy-mode">{POLICY_MODES[m.policy.mode]}</Tag>
                  {m.uptake && <Tag color="purple">{UPTAKE_STATUSES[m.uptake]}</Tag>}
                </Space>
                <div>{m.policy.benefit}</div>
                <div>发布部门：{m.policy.department}　咨询：<span data-testid="policy-contact">{m.policy.contact}</span></div>
                <div>
                  为什么匹配：
                  <pre data-testid="policy-why" style={{ whiteSpace: 'pre-wrap', margin: '2px 0 0', fontFamily: 'inherit' }}>{m.why.join('\n')}</pre>
                </div>
                <Typography.Text type="secondary">匹配时间 {formatTime(m.firstMatchedAt)}</Typography.Text>
                {m.current && m.uptake !== 'USED' && (
                  <Space>
                    {m.policy.mode === 'APPLY' && !m.uptake && <Button size="small" onClick={() => record(m.policy.id, 'APPLIED')}>我已申请</Button>}
                    <Button size="small" onClick={() => record(m.policy.id, 'USED')}>我已享受</Button>
                  </Space>
                )}
              </Space>
            </List.Item>
          )} />
      )}
    </Card>
  );
}

function CreditConsent({ uscc }: { uscc: string }) {
  const { data, error, reload } = useAsync(() => api<Consent>(`/api/v1/businesses/${uscc}/credit-consent`), [uscc]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = async (consent: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      await api(`/api/v1/businesses/${uscc}/credit-consent`, { body: { consent } });
      reload();
    } catch (e) {
      setProblem((e as ApiFailure).explained);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="授信授权（金融机构）">
      <Typography.Paragraph>
        授权后，金融机构可以在授信名单中看到本户的<strong>统一社会信用代码、字号、所在县（市、区）、行业代码、分型结果和名特优新认定类别</strong>，用于授信评价、金融产品匹配和预授信。
      </Typography.Paragraph>
      <Typography.Paragraph>
        金融机构<strong>看不到</strong>本户的营业收入、纳税、社保、雇员人数等数据，也看不到经营者的姓名、身份证号和电话。只有成长型、发展型或名特优新个体工商户会出现在名单中。您可以随时撤回授权，撤回后即不再出现在名单中。
      </Typography.Paragraph>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} />}
      {data && (
        <Space wrap>
          <Switch id="credit-consent" checked={data.consent} loading={busy} onChange={toggle} aria-describedby="credit-consent-state" />
          <label htmlFor="credit-consent">授权金融机构查看本户分型和名特优新结果用于授信</label>
          <span id="credit-consent-state" data-testid="credit-consent-state">{data.consent ? `已授权（${formatTime(data.grantedAt)}）` : '未授权'}</span>
        </Space>
      )}
      {problem && <Alert type="error" role="alert" showIcon message={problem} style={{ marginTop: 12 }} />}
    </Card>
  );
}
