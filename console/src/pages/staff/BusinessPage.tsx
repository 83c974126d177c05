// Business profile: the type and why (each indicator with its value, source department and date, and
// corrected values with who verified them), the 名特优新 labels, and other years.
import { useState } from 'react';
import { Alert, Card, Descriptions, List, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { api, query } from '../../api';
import { formatDate, TYPE_COLORS } from '../../labels';
import { useAsync } from '../../useAsync';

export interface Explanation {
  type: string; typeLabel: string; summary: string;
  features: Array<{ name: string; label: string; value: number | string | boolean | null; field: string | null; department: string | null; asOf: string | null; correctedBy: string | null }>;
  conditions: Array<{ type: string; label: string; met: boolean; lines: string[] }>;
}
export interface BusinessView {
  uscc: string; tradeName: string | null; operatorName: string | null; county: string; countyName: string | null; industryCode: string; establishedOn: string; status: string;
  typing: { year: number; runId: string; rulesetId: string; type: string; typeLabel: string; reason: string | null; explanation: Explanation } | null;
  categoryLabels: Array<{ year: number; category: string; categoryLabel: string; channel: string; designatedOn: string; validUntil: string; status: string }>;
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v));

export function Explanation({ explanation }: { explanation: Explanation }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph data-testid="typing-summary">{explanation.summary}</Typography.Paragraph>
      <Table size="small" rowKey="name" pagination={false} scroll={{ x: 480 }} dataSource={explanation.features} aria-label="分型指标" data-testid="typing-indicators"
        columns={[
          { title: '指标', dataIndex: 'label' },
          { title: '数值', dataIndex: 'value', render: show },
          { title: '来源部门', dataIndex: 'department', render: show },
          { title: '数据日期', dataIndex: 'asOf', render: show },
          { title: '更正', dataIndex: 'correctedBy', render: (c: string | null) => (c ? <Tag color="purple">已更正，核实人：{c}</Tag> : '—') },
        ]} />
      <List size="small" header="分型条件" dataSource={explanation.conditions}
        renderItem={(c) => (
          <List.Item>
            <div>
              <Tag color={c.met ? 'green' : 'default'}>{c.met ? '满足' : '不满足'}</Tag>
              <strong>{c.label}</strong>
              <pre style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0', fontFamily: 'inherit' }}>{c.lines.join('\n')}</pre>
            </div>
          </List.Item>
        )} />
    </Space>
  );
}

export function BusinessProfile({ uscc }: { uscc: string }) {
  const [year, setYear] = useState<number | undefined>();
  const { data, error } = useAsync(() => api<BusinessView>(`/api/v1/businesses/${uscc}${query({ year })}`), [uscc, year]);
  if (error) return <Alert type="error" showIcon role="alert" message={error.explained} />;
  if (!data) return <Spin />;
  const thisYear = new Date().getFullYear();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>{data.tradeName ?? data.uscc}</Typography.Title>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="统一社会信用代码">{data.uscc}</Descriptions.Item>
          <Descriptions.Item label="经营者">{data.operatorName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="县（市、区）">{data.countyName ?? data.county}</Descriptions.Item>
          <Descriptions.Item label="行业代码">{data.industryCode}</Descriptions.Item>
          <Descriptions.Item label="成立日期">{formatDate(data.establishedOn)}</Descriptions.Item>
          <Descriptions.Item label="分型">{data.typing ? <Tag color={TYPE_COLORS[data.typing.type]} data-testid="business-type">{data.typing.typeLabel}</Tag> : '尚未分型'}</Descriptions.Item>
        </Descriptions>
        <Space style={{ marginTop: 12 }}>
          <label htmlFor="business-year">年度</label>
          <Select id="business-year" style={{ width: 120 }} value={year ?? data.typing?.year} onChange={setYear}
            options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: `${thisYear - d}` }))} />
        </Space>
      </Card>
      {data.typing && (
        <Card title={`为什么是「${data.typing.typeLabel}」（${data.typing.year} 年）`}>
          <Explanation explanation={data.typing.explanation} />
        </Card>
      )}
      <Card title="名特优新认定">
        <List size="small" dataSource={data.categoryLabels} locale={{ emptyText: '暂无认定' }}
          renderItem={(l) => <List.Item>{l.year} 年 {l.categoryLabel}（有效期至 {formatDate(l.validUntil)}，{l.status}）</List.Item>} />
      </Card>
    </Space>
  );
}

export function BusinessPage({ uscc }: { uscc: string }) {
  return <BusinessProfile uscc={uscc} />;
}
