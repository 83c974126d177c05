// On-site scoring: the score sheet's sections with their maximum points and a running total. The other
// assessor's score is never shown here: the API returns no score until both have submitted.
import { Alert, Form, InputNumber, Space, Spin, Typography } from 'antd';
import { DEFAULT_SCORE_SHEET } from '@domain/category/scoreSheet';
import { useAsync } from '../useAsync';
import { getApplication } from './applicationView';

export function ScoreFields({ year, uscc }: { year: number; uscc: string }) {
  const { data } = useAsync(() => getApplication(year, uscc), [year, uscc]);
  const sections = Form.useWatch('sections') as Record<string, number | null> | undefined;
  const total = Object.values(sections ?? {}).reduce<number>((a, b) => a + (b ?? 0), 0);
  if (!data) return <Spin />;
  return (
    <>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="score-privacy"
        message={`已提交评分：${data.scoresSubmitted} / 2。另一评分人的分数在双方都提交之前不显示。`} />
      <fieldset style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600 }}>评分表（{DEFAULT_SCORE_SHEET.version}，及格线 {DEFAULT_SCORE_SHEET.passLine} 分）</legend>
        <Space wrap size="large">
          {DEFAULT_SCORE_SHEET.sections.map((s) => (
            <Form.Item key={s.code} name={['sections', s.code]} label={`${s.code}. ${s.label}（满分 ${s.max}）`}
              rules={[{ required: true, message: `请为「${s.label}」评分` }, { type: 'number', min: 0, max: s.max, message: `0–${s.max} 分` }]}>
              <InputNumber min={0} max={s.max} />
            </Form.Item>
          ))}
        </Space>
      </fieldset>
      <Typography.Paragraph>本人评分合计：<strong data-testid="my-total">{total}</strong> 分</Typography.Paragraph>
    </>
  );
}
