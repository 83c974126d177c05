// County review: the category's criteria checklist — what the data decided, shown; what needs the
// reviewer's judgement, ticked here (assessedCriteria).
import { Alert, Checkbox, Form, List, Spin, Tag } from 'antd';
import { CATEGORIES } from '../labels';
import { useAsync } from '../useAsync';
import { getApplication } from './applicationView';

export function ReviewFields({ year, uscc }: { year: number; uscc: string }) {
  const { data, error } = useAsync(() => getApplication(year, uscc), [year, uscc]);
  if (error) return <Alert type="error" message={error.explained} />;
  if (!data) return <Spin />;
  const criteria = data.criteria ?? [];
  const judgeable = criteria.filter((c) => c.mode === 'ASSESS' && c.met !== true);
  return (
    <>
      <p>
        申报类别：<Tag color="blue">{(CATEGORIES as Record<string, string>)[data.category] ?? data.category}</Tag>
        当前状态：{data.statusLabel}
      </p>
      <List size="small" header="已由部门数据核验的条件" dataSource={criteria.filter((c) => c.mode !== 'ASSESS' || c.met === true)}
        renderItem={(c) => (
          <List.Item>
            <Tag color={c.met ? 'green' : 'default'}>{c.met ? '满足' : '不满足'}</Tag>
            {c.code} {c.label}（{c.evidence}）
          </List.Item>
        )} />
      <Form.Item name="assessedCriteria" label="需审核认定的条件（勾选您认定满足的条件）" style={{ marginTop: 12 }}>
        <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          options={judgeable.map((c) => ({ value: c.code, label: `${c.code} ${c.label}` }))} />
      </Form.Item>
    </>
  );
}
