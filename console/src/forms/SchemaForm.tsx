// Form fields generated from a task payload's JSON Schema (zod's z.toJSONSchema of the payload the
// API validates): a new task kind gets a form without new plumbing. Per-kind layouts add to it.
import { Card, Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import { fieldKind, itemKey, type JsonSchema } from './fieldKinds';

export type { JsonSchema };


const FALLBACK_LABELS: Record<string, string> = { reason: '理由', note: '备注', notes: '备注', findings: '核查情况', text: '内容', noConflictDeclared: '本人声明：与该户无利益冲突（亲属、合伙、雇佣等关系须回避）' };

export const fieldLabel = (name: string, schema: JsonSchema) => schema.description ?? FALLBACK_LABELS[name] ?? name;

const ITEM_LABELS: Record<string, string> = { objectionId: '异议' };

/**
 * The fields of `schema`, skipping `skip` (laid out by the kind's own form). `prefix` nests the field
 * names (a sub-form of one listed item); `items` are the ids the task lists, decided one by one.
 */
export function SchemaFields({ schema, skip = [], prefix = [], items = [] }: { schema: JsonSchema; skip?: string[]; prefix?: Array<string | number>; items?: string[] }) {
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([name]) => !skip.includes(name))
        .map(([name, field]) => {
          const label = fieldLabel(name, field);
          const mustFill = required.has(name) && field.default === undefined;
          const kind = fieldKind(field);
          const path = [...prefix, name];
          if (kind === 'perItem') {
            const key = itemKey(field)!;
            return items.map((id, i) => (
              <Card key={id} size="small" title={`${ITEM_LABELS[key] ?? key} ${id}`} style={{ marginBottom: 12 }}>
                <Form.Item name={[...path, i, key]} initialValue={id} hidden><Input /></Form.Item>
                <SchemaFields schema={field.items!} skip={[key]} prefix={[...path, i]} />
              </Card>
            ));
          }
          if (kind === 'declaration') {
            return (
              <Form.Item key={name} name={path} valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(`须勾选：${label}`))) }]}>
                <Checkbox>{label}</Checkbox>
              </Form.Item>
            );
          }
          if (kind === 'yesNo') {
            return (
              <Form.Item key={name} name={path} label={label} rules={[{ required: mustFill, message: `请选择：${label}` }]}>
                <Radio.Group aria-label={label} options={[{ value: true, label: '是' }, { value: false, label: '否' }]} />
              </Form.Item>
            );
          }
          if (kind === 'number') {
            return (
              <Form.Item key={name} name={path} label={label} rules={[{ required: mustFill, message: `请填写：${label}` }]}>
                <InputNumber style={{ width: 200 }} />
              </Form.Item>
            );
          }
          if (kind === 'tags') {
            return (
              <Form.Item key={name} name={path} label={label}>
                <Select mode="tags" />
              </Form.Item>
            );
          }
          if (kind === 'text') {
            const min = field.minLength ?? 0;
            return (
              <Form.Item key={name} name={path} label={label} rules={[{ required: mustFill && min > 0, whitespace: true, message: `请填写：${label}` }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={field.maxLength} showCount={!!field.maxLength} />
              </Form.Item>
            );
          }
          return null;
        })}
    </>
  );
}
