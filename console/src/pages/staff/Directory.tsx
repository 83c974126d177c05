// 分型名录: filters (year, type, county, industry prefix), cursor pages, and the CSV / JSON exports.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiFailure, download, query, saveBlob } from '../../api';
import { COUNTIES, countyName, TYPE_COLORS, TYPE_LABELS } from '../../labels';
import { Link } from '../../router';
import { useAsync } from '../../useAsync';

interface Row { uscc: string; tradeName: string | null; county: string; industryCode: string; type: string; typeLabel: string }

export function Directory() {
  const { message } = AntApp.useApp();
  const thisYear = new Date().getFullYear();
  const [filters, setFilters] = useState<{ year: number; type?: string; county?: string; industry?: string }>({ year: thisYear });
  const [cursor, setCursor] = useState<string[]>([]);
  const after = cursor.at(-1);
  const { data, error, loading } = useAsync(() => api<{ items: Row[]; nextAfter: string | null }>(`/api/v1/directory${query({ ...filters, limit: 50, after })}`), [JSON.stringify(filters), after]);
  const set = (patch: Partial<typeof filters>) => {
    setCursor([]);
    setFilters((f) => ({ ...f, ...patch }));
  };
  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const blob = await download(`/api/v1/directory/export${query({ ...filters, format })}`);
      saveBlob(blob, `分型名录-${filters.year}.${format}`);
    } catch (e) {
      message.error((e as ApiFailure).message);
    }
  };
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 20 }}>分型名录</Typography.Title>
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label="年度" htmlFor="dir-year">
          <Select id="dir-year" value={filters.year} onChange={(year) => set({ year })} style={{ width: 100 }} options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: `${thisYear - d}` }))} />
        </Form.Item>
        <Form.Item label="类型" htmlFor="dir-type">
          <Select id="dir-type" allowClear placeholder="全部" value={filters.type} onChange={(type) => set({ type })} style={{ width: 110 }} options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="县（市、区）" htmlFor="dir-county">
          <Select id="dir-county" allowClear placeholder="全部" value={filters.county} onChange={(county) => set({ county })} style={{ width: 150 }} options={Object.entries(COUNTIES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label="行业代码" htmlFor="dir-industry">
          <Input.Search id="dir-industry" allowClear placeholder="如 52" style={{ width: 140 }} onSearch={(v) => set({ industry: /^\d{2,4}$/.test(v) ? v : undefined })} />
        </Form.Item>
        <Space>
          <Button onClick={() => exportAs('csv')}>导出 CSV</Button>
          <Button onClick={() => exportAs('json')}>导出 JSON</Button>
        </Space>
      </Form>
      {error && <Alert type="error" role="alert" showIcon message={error.explained} style={{ marginBottom: 12 }} />}
      <Table<Row> rowKey="uscc" size="small" loading={loading} dataSource={data?.items ?? []} pagination={false} scroll={{ x: 700 }}
        columns={[
          { title: '统一社会信用代码', dataIndex: 'uscc', render: (u: string) => <Link to={`/businesses/${u}`}>{u}</Link> },
          { title: '字号', dataIndex: 'tradeName' },
          { title: '县（市、区）', dataIndex: 'county', render: countyName },
          { title: '行业', dataIndex: 'industryCode' },
          { title: '类型', dataIndex: 'type', render: (t: string, r) => <Tag color={TYPE_COLORS[t]}>{r.typeLabel}</Tag> },
        ]} />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={!cursor.length} onClick={() => setCursor((c) => c.slice(0, -1))}>上一页</Button>
        <Button disabled={!data?.nextAfter} onClick={() => data?.nextAfter && setCursor((c) => [...c, data.nextAfter!])}>下一页</Button>
      </Space>
    </Card>
  );
}
