// Sign-in: paste an API token; on the embedded default (npm start) pick a demo identity in one click.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { ApiFailure } from '../api';
import { countyName, roleName } from '../labels';
import { Link } from '../router';

interface DemoIdentity {
  key: string;
  name: string;
  role: string;
  county: string | null;
  token: string;
}

export function SignIn({ onSignIn }: { onSignIn: (token: string) => Promise<void> }) {
  const [demo, setDemo] = useState<DemoIdentity[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ token: string }>();

  useEffect(() => {
    fetch('/console-config.json')
      .then((r) => (r.ok ? r.json() : { demoIdentities: [] }))
      .then((c: { demoIdentities?: DemoIdentity[] }) => setDemo(c.demoIdentities ?? []))
      .catch(() => setDemo([]));
  }, []);

  const submit = async (token: string) => {
    setBusy(true);
    setError(null);
    try {
      await onSignIn(token.trim());
    } catch (e) {
      setError(e instanceof ApiFailure && e.status === 401 ? '令牌无效或已停用，请核对后重试' : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="narrow" style={{ paddingTop: 48 }}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22 }}>随州市个体工商户分型分类精准培育</Typography.Title>
        <Typography.Paragraph type="secondary">工作人员、经营者请使用发放的访问令牌登录。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => submit(v.token)} requiredMark={false}>
          <Form.Item label="访问令牌" name="token" rules={[{ required: true, message: '请粘贴访问令牌' }]}>
            <Input.Password autoComplete="off" placeholder="粘贴访问令牌" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block>
            登录
          </Button>
        </Form>
        {demo.length > 0 && (
          <section aria-labelledby="demo-title" style={{ marginTop: 24 }}>
            <Typography.Title level={2} id="demo-title" style={{ fontSize: 16 }}>
              演示身份（仅内置演示环境）
            </Typography.Title>
            <List
              size="small"
              dataSource={demo}
              renderItem={(d) => (
                <List.Item>
                  <Space wrap>
                    <Button onClick={() => submit(d.token)} disabled={busy} data-demo={d.key}>
                      {d.name}
                    </Button>
                    <Tag>{roleName(d.role)}</Tag>
                    {d.county && <Tag>{countyName(d.county)}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </section>
        )}
        <Typography.Paragraph style={{ marginTop: 24 }}>
          <Link to="/public">查看名特优新公示与异议（无需登录）</Link>
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
