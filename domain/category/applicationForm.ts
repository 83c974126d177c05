// The 名特优新 declaration form (docs/policy.md#p-cat-form: shared data is never requested again).
// Fields a department already supplies are prefilled and locked: the household cannot submit them.
// Only what nobody shares is declared, with evidence.
import { z } from 'zod';

/** Fields the data pool supplies, with the department that supplies them (shown locked). */
export const SHARED_FIELDS = {
  tradeName: { label: '字号名称', department: '市场监管' },
  operatorName: { label: '经营者姓名', department: '市场监管' },
  establishedOn: { label: '成立日期', department: '市场监管' },
  county: { label: '所在县（市、区）', department: '市场监管' },
  industryCode: { label: '行业代码', department: '市场监管' },
  registrationStatus: { label: '登记状态', department: '市场监管' },
  typingResult: { label: '分型结果', department: '市场监管（分型）' },
  revenue: { label: '营业收入', department: '市场监管（年报）' },
  taxPaid: { label: '纳税额', department: '税务' },
  insuredEmployees: { label: '参保职工人数', department: '人社' },
  trademarks: { label: '注册商标', department: '知识产权' },
  patents: { label: '专利与软件著作权', department: '知识产权' },
  geographicalIndications: { label: '地理标志', department: '知识产权' },
  honours: { label: '荣誉与认定（老字号、非遗、等级民宿、认证等）', department: '商务、文旅、农业农村、人社、市场监管' },
  stores: { label: '同一经营者名下门店数', department: '市场监管' },
  penalties: { label: '行政处罚', department: '市场监管、信用中国' },
  courtDishonest: { label: '失信被执行人', department: '法院' },
} as const;
export type SharedField = keyof typeof SHARED_FIELDS;

/** Fields only the household can tell (nobody shares them). */
export const declaredFieldsSchema = z.strictObject({
  onlineFollowers: z.number().int().min(0).max(1e9).optional().describe('网络平台粉丝或用户数'),
  onlineRating: z.number().min(0).max(5).optional().describe('网络平台评分（0–5）'),
  mediaCoverage: z.string().trim().max(2000).optional().describe('媒体报道情况'),
  specialtyDescription: z.string().trim().max(2000).optional().describe('特色产品、服务或经营理念'),
  craftDescription: z.string().trim().max(2000).optional().describe('传统技艺或手艺传承情况'),
  innovationDescription: z.string().trim().max(2000).optional().describe('新技术、新业态、新模式情况'),
  servedEnterprises: z.string().trim().max(2000).optional().describe('服务本地龙头企业或产业链情况'),
  marketReputation: z.string().trim().max(2000).optional().describe('市场占有率或知名度'),
  socialContribution: z.string().trim().max(2000).optional().describe('吸纳特殊群体就业、社区服务等'),
});
export type DeclaredFields = z.infer<typeof declaredFieldsSchema>;
export const DECLARABLE_FIELDS = Object.keys(declaredFieldsSchema.shape) as Array<keyof DeclaredFields>;

/** Evidence in a declaration: a file the household uploaded first (POST /evidence), for a declarable field. */
export const evidenceSchema = z.strictObject({
  evidenceId: z.uuid('须为上传佐证材料时返回的编号'),
  field: z.string().max(40),
  title: z.string().trim().min(1).max(200),
});

/** The file types evidence may have, and the largest size. */
export const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

export interface FieldRefusal {
  field: string;
  code: 'DEPARTMENT_SUPPLIED_FIELD' | 'UNKNOWN_FIELD';
  message: string;
}

/**
 * Fields a household may not submit: a value a department supplies (locked, refused with who supplies
 * it), or a field the form does not have. Checked before the form's own schema, so that the household
 * is told why rather than just "unknown key".
 */
export function refusedFields(fields: Record<string, unknown>, evidence: Array<{ field?: unknown }> = []): FieldRefusal[] {
  const refusals: FieldRefusal[] = [];
  const check = (field: string, where: string) => {
    if (Object.hasOwn(SHARED_FIELDS, field)) { // own keys only: `constructor` or `__proto__` is an unknown field
      const s = SHARED_FIELDS[field as SharedField];
      refusals.push({ field: where, code: 'DEPARTMENT_SUPPLIED_FIELD', message: `「${s.label}」由${s.department}部门共享提供，无需也不能由经营者填报或上传材料` });
    } else if (!DECLARABLE_FIELDS.includes(field as keyof DeclaredFields)) {
      refusals.push({ field: where, code: 'UNKNOWN_FIELD', message: `申报表中没有「${field}」这一项` });
    }
  };
  for (const key of Object.keys(fields)) check(key, `fields.${key}`);
  evidence.forEach((e, i) => typeof e === 'object' && e !== null && typeof e.field === 'string' && check(e.field, `evidence[${i}].field`));
  return refusals;
}
