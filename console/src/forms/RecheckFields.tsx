// Recheck verification, item by item: each disputed value accepted (with the value to use) or
// rejected, each with a reason.
import { Alert, Card, Form, Input, InputNumber, Radio, Spin } from 'antd';
import { api } from '../api';
import { FEATURE_LABELS } from '../labels';
import { useAsync } from '../useAsync';

interface Recheck { disputed: Array<{ feature: string; claimedValue: number; note?: string }>; status: string }
interface Decision { feature: string; accept: boolean; value?: number | null; reason: string }

export const recheckPayload = (values: { decisions?: Decision[] }) => ({
  decisions: (values.decisions ?? []).map((d) => ({ feature: d.feature, accept: d.accept, reason: d.reason, ...(d.accept && d.value != null ? { value: d.value } : {}) })),
});

export function RecheckFields({ year, uscc }: { year: number; uscc: string }) {
  const { data, error } = useAsync(() => api<Recheck>(`/api/v1/rechecks/${year}/${uscc}`), [year, uscc]);
  if (error) return <Alert type="error" message={error.explained} />;
  if (!data) return <Spin />;
  return (
    <>
      {data.disputed.map((d, i) => (
        <Card key={d.feature} size="small" title={`${FEATURE_LABELS[d.feature] ?? d.feature}：经营者主张 ${d.claimedValue}`} style={{ marginBottom: 12 }}>
          {d.note && <p>经营者说明：{d.note}</p>}
          <Form.Item name={['decisions', i, 'feature']} initialValue={d.feature} hidden><Input /></Form.Item>
          <Form.Item name={['decisions', i, 'accept']} label="核实结论" rules={[{ required: true, message: '请选择采纳或不采纳' }]}>
            <Radio.Group options={[{ value: true, label: '采纳' }, { value: false, label: '不采纳' }]} />
          </Form.Item>
          <Form.Item name={['decisions', i, 'value']} label="采纳的数值" initialValue={d.claimedValue}>
            <InputNumber min={0} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name={['decisions', i, 'reason']} label="理由" rules={[{ required: true, whitespace: true, message: '每项须说明理由' }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
          </Form.Item>
        </Card>
      ))}
    </>
  );
}
