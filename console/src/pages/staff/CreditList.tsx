// 授信名单 for financial institutions (and the city): households that consented to 授信 use and are
// 成长型, 发展型 or 名特优新 — type and category only, as the API gives them; cursor pages by county.
import { useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { api, query } from '../../api';
import { CATEGORIES, COUNTIES, countyName, formatTime, TYPE_COLORS, TYPE_LABELS } from '../../labels';
import { useAsync } from '../../useAsync';

interface Row { uscc: string; tradeName: string | null; county: string; industryCode: string; type: string | null; categories: string[]; consentedAt: string }

export function CreditList() {
  const [county, setCounty] = useState<string | undefined>();
  const [cursor, setCursor] = useState<string[]>([]);
  const after = cursor.at(-1);
  const { data, error, loading } = useAsync(() => api<{ runId: string | null; items: Row[]; next: string | null }>(`/api/v1/credit/households${query({ county, after, limit: 100 })}`), [county, after]);
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>授信名单</Typography.Title>
      <Typography.Paragraph type="secondary">经营者本人授权、分型为成长型或发展型、或获名特优新认定的个体工商户；仅含分型与认定结果，不含税务、社保数据和经营者个人信息。</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <label htmlFor="credit-county">县（市、区）</label>
        <Select id="credit-county" allowClear placeholder="全部" value={county} style={{ width: 160 }} onChange={(c) => { setCursor([]); setCounty(c); }}
          options={Object.entries(COUNTIES).map(([value, label]) => ({ value, label }))} />
      </Space>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} style={{ marginBottom: 12 }} />}
      <Table<Row> rowKey="uscc" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 700 }} locale={{ emptyText: '暂无已授权的个体工商户' }} data-testid="credit-list"
        columns={[
          { title: '统一社会信用代码', dataIndex: 'uscc' },
          { title: '字号', dataIndex: 'tradeName' },
          { title: '县（市、区）', dataIndex: 'county', render: countyName },
          { title: '行业代码', dataIndex: 'industryCode' },
          { title: '分型', dataIndex: 'type', render: (t: string | null) => (t ? <Tag color={TYPE_COLORS[t]}>{TYPE_LABELS[t] ?? t}</Tag> : '—') },
          { title: '名特优新', dataIndex: 'categories', render: (c: string[]) => c.map((x) => (CATEGORIES as Record<string, string>)[x] ?? x).join('、') || '—' },
          { title: '授权时间', dataIndex: 'consentedAt', render: formatTime },
        ]} />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursor.length === 0} onClick={() => setCursor((c) => c.slice(0, -1))}>上一页</Button>
        <Button disabled={!data?.next} onClick={() => data?.next && setCursor((c) => [...c, data.next!])}>下一页</Button>
      </Space>
    </Card>
  );
}
