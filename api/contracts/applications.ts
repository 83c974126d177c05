// Contracts of 名特优新 applications: the prefilled form, declaration, status, withdrawal; department
// recommendations; the public notice list and real-name objections (no token); the cycle's summary.
import { z } from 'zod';
import { APPLICATION_STATUSES, CATEGORY_CODES } from '../../domain/category/categories';
import { declaredFieldsSchema, evidenceSchema } from '../../domain/category/applicationForm';
import { uscc as usccField } from '../../domain/feeds/fields';
import { COUNTY_CODES } from '../../domain/roles';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

const errors = errorResponses([400, 401, 403, 404, 503]);
const year = z.coerce.number().int().min(2024).max(2100).describe('培育年度');
const category = z.enum(CATEGORY_CODES).describe('申报类别：MING 知名 / TE 特色 / YOU 优质 / XIN 新兴（每户每年只能选一类）');
const status = z.enum(Object.keys(APPLICATION_STATUSES) as [keyof typeof APPLICATION_STATUSES]);
const applicationParams = z.object({ year, uscc: usccField });

export const applicationFormSchema = z
  .object({
    year: z.number().int(),
    uscc: z.string(),
    category,
    shared: z.array(z.object({ field: z.string(), label: z.string(), value: z.unknown(), department: z.string(), asOf: z.string().nullable(), locked: z.literal(true) }))
      .describe('部门已共享的数据：预填并锁定，经营者无需也不能填报'),
    declarable: z.array(z.object({ field: z.string(), label: z.string() })).describe('无部门共享、需经营者自行填报并可上传佐证材料的项目'),
    criteria: z.array(z.object({ code: z.string(), label: z.string(), mode: z.string(), met: z.boolean().nullable(), decidedBy: z.enum(['DATA', 'REVIEW']).nullable(), evidence: z.string() })).describe('该类别条件的自动核验预览'),
    gate: z.object({ passed: z.boolean(), via: z.string().nullable(), refusals: z.array(z.object({ code: z.string(), reason: z.string() })), notes: z.array(z.string()).optional().describe('数据无法判定、未计入负面清单的情形（请审核时核实）') }).describe('资格预审（以当前分型结果计）'),
  })
  .meta({ id: 'ApplicationForm' });

export const getApplicationForm = defineEndpoint({
  method: 'get',
  path: '/api/v1/applications/:year/:uscc/form',
  summary: '名特优新申报表（部门共享数据预填并锁定）',
  tag: 'applications',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR'],
  params: applicationParams,
  query: z.object({ category }),
  responses: { 200: { description: '申报表', schema: applicationFormSchema }, ...errors },
});

export const declareBody = z
  .strictObject({
    year: z.number().int().min(2024).max(2100),
    category,
    fields: declaredFieldsSchema.default({}),
    evidence: z.array(evidenceSchema).max(20).default([]),
  })
  .meta({ id: 'Declaration' });

export const applicationViewSchema = z
  .object({
    applicationId: z.string(), year: z.number().int(), uscc: z.string(), county: z.string(), category, channel: z.enum(['SELF', 'RECOMMENDED']),
    status, statusLabel: z.string(),
    history: z.array(z.object({ status: z.string(), at: z.string(), note: z.string().optional() })),
    recommendations: z.array(z.object({ recommendationId: z.string(), department: z.string(), category: z.string(), reason: z.string(), receivedAt: z.string() })),
    gate: z.unknown().nullable(), criteria: z.unknown().nullable(),
    scoresSubmitted: z.number().int().describe('已提交评分的评分人数（两人都提交前不显示分数）'),
    score: z.object({ total: z.number(), passed: z.boolean(), veto: z.boolean() }).nullable(),
    rank: z.number().int().nullable(), explanation: z.string().nullable(), noticeEndsAt: z.string().nullable(),
    objections: z.array(z.object({ objectionId: z.string(), receivedAt: z.string(), status: z.string(), reason: z.string().optional() })),
    designation: z.object({ designatedOn: z.string(), validUntil: z.string(), batch: z.string() }).nullable(),
    evidence: z.array(z.object({ evidenceId: z.string(), field: z.string(), title: z.string(), fileName: z.string(), sizeBytes: z.number().int().nullable() }))
      .optional().describe('申请所附佐证材料（文件经 GET /api/v1/evidence/{id} 获取）'),
    appeal: z.object({
      refusal: z.enum(['REJECTED_GATE', 'REJECTED_REVIEW']), refusedAt: z.string(), dueAt: z.string().describe('申诉截止时间'),
      status: z.enum(['OPEN', 'LAPSED', 'FILED', 'UPHELD_RESUMED', 'UPHELD_TOO_LATE', 'DISMISSED', 'CLOSED']),
      reasons: z.string().optional(), filedAt: z.string().optional(),
      decision: z.object({ upheld: z.boolean(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
    }).nullable().optional().describe('对不予通过决定的申诉（docs/policy.md#p-appeal）'),
  })
  .meta({ id: 'Application' });

export const declare = defineEndpoint({
  method: 'post',
  path: '/api/v1/applications',
  summary: '经营者自主申报名特优新（申报期内；部门已共享的数据不得填报）',
  tag: 'applications',
  roles: ['HOUSEHOLD'],
  body: declareBody,
  responses: {
    201: { description: '已受理', schema: applicationViewSchema },
    409: { description: '本年度已有申请', schema: errorBodySchema },
    422: { description: '不在申报期内（DECLARATION_NOT_OPEN：7 月底分型结束前；DECLARATION_WINDOW_CLOSED：9 月 30 日结束后），或填报了部门共享的数据，或期限所在年份尚无法定节假日安排（HOLIDAY_SCHEDULE_MISSING）', schema: errorBodySchema },
    ...errors,
  },
});

export const getApplication = defineEndpoint({
  method: 'get',
  path: '/api/v1/applications/:year/:uscc',
  summary: '申请进度（经营者本户、辖区工作人员）',
  tag: 'applications',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'],
  params: applicationParams,
  responses: { 200: { description: '申请', schema: applicationViewSchema }, ...errors },
});

export const listApplications = defineEndpoint({
  method: 'get',
  path: '/api/v1/applications',
  summary: '申请列表（按年度、状态、类别、县筛选，分页）',
  tag: 'applications',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'],
  query: z.object({
    year, status: status.optional(), category: category.optional(), county: z.enum(COUNTY_CODES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50), after: usccField.optional(),
  }),
  responses: {
    200: {
      description: '申请',
      schema: z.object({
        items: z.array(z.object({ uscc: z.string(), county: z.string(), category: z.string(), channel: z.string(), status: z.string(), score: z.number().nullable(), rank: z.number().nullable(), selected: z.boolean().nullable(), explanation: z.string().nullable() })),
        nextAfter: z.string().nullable(),
      }),
    },
    ...errors,
  },
});

export const withdraw = defineEndpoint({
  method: 'post',
  path: '/api/v1/applications/:year/:uscc/withdrawal',
  summary: '撤回申请（市级确认之前）',
  tag: 'applications',
  roles: ['HOUSEHOLD'],
  params: applicationParams,
  body: z.strictObject({ reason: z.string().trim().max(500).default('') }),
  responses: { 200: { description: '已撤回', schema: applicationViewSchema }, 409: { description: '已确认或已办结，不能撤回', schema: errorBodySchema }, ...errors },
});

export const recommendBody = z
  .strictObject({
    recommendationId: z.uuid().describe('推荐的唯一编号（由推荐部门生成；重复提交同一编号不重复记录）'),
    year: z.number().int().min(2024).max(2100),
    uscc: usccField,
    category,
    reason: z.string().trim().min(1).max(2000),
    consent: z.strictObject({
      consented: z.literal(true, '推荐须经经营者本人同意'),
      recordedAt: z.iso.datetime({ offset: true }),
      method: z.enum(['书面', '电子签名', '线上确认']),
      reference: z.string().trim().min(1).max(200).describe('同意记录的编号或存档位置'),
    }),
  })
  .meta({ id: 'Recommendation' });

const recommendationReceipt = z.object({ recommendationId: z.string(), year: z.number().int(), uscc: z.string(), duplicate: z.boolean() });

export const recommend = defineEndpoint({
  method: 'post',
  path: '/api/v1/recommendations',
  summary: '行业主管部门推荐（须记录经营者同意；同一推荐编号重复提交不重复记录）',
  tag: 'applications',
  roles: ['SECTOR_DEPARTMENT'],
  body: recommendBody,
  responses: {
    201: { description: '已受理', schema: recommendationReceipt },
    200: { description: '同一推荐此前已受理（重复提交），不重复记录', schema: recommendationReceipt },
    409: { description: '该户申请已结束不能再推荐，或推荐编号已被其他推荐使用', schema: errorBodySchema },
    422: { description: '不在申报推荐期内（DECLARATION_NOT_OPEN 或 DECLARATION_WINDOW_CLOSED），或期限所在年份尚无法定节假日安排（HOLIDAY_SCHEDULE_MISSING）', schema: errorBodySchema },
    ...errors,
  },
});

export const publicNotice = defineEndpoint({
  method: 'get',
  path: '/api/v1/public/notices',
  summary: '名特优新拟入选名单公示（公开，无需令牌）',
  tag: 'public',
  roles: null,
  query: z.object({ year }),
  responses: {
    200: {
      description: '公示名单',
      schema: z.object({ items: z.array(z.object({ uscc: z.string(), tradeName: z.string().nullable(), county: z.string(), countyName: z.string(), category: z.string(), categoryLabel: z.string(), noticeEndsAt: z.string() })) }),
    },
    ...errorResponses([400, 503]),
  },
});

const mobileOrLandline = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const objectionBody = z
  .strictObject({
    year: z.number().int().min(2024).max(2100),
    uscc: usccField,
    objector: z.strictObject({
      name: z.string().trim().min(2, '异议须实名提出：请填写真实姓名').max(50),
      phone: z.string().regex(mobileOrLandline, '异议须实名提出：请填写有效的联系电话'),
      organisation: z.string().trim().max(200).optional().describe('以单位名义提出时的单位名称（须加盖公章的书面材料另行提交）'),
    }),
    facts: z.string().trim().min(10, '请写明异议的具体事实（不少于 10 个字）').max(5000),
    evidence: z.array(z.strictObject({ title: z.string().trim().min(1).max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional() })).max(20).default([]),
  })
  .meta({ id: 'Objection' });

export const fileObjection = defineEndpoint({
  method: 'post',
  path: '/api/v1/public/objections',
  summary: '公示期内实名提出异议（公开，无需令牌；匿名或逾期的异议不予受理）',
  tag: 'public',
  roles: null,
  body: objectionBody,
  responses: {
    201: { description: '已收到', schema: z.object({ objectionId: z.string(), status: z.literal('RECEIVED'), objector: z.object({ name: z.string(), phone: z.string().describe('已脱敏') }) }) },
    422: { description: '该户的公示期已结束（逾期异议不予受理）', schema: errorBodySchema },
    ...errorResponses([400, 404, 409, 429, 503], {
      404: '公示名单中没有该户（未知的户、未进入或已移出公示的申请，回答相同）',
      409: '该联系电话已对该户提出过异议（DUPLICATE_OBJECTION）',
      429: '提交过于频繁（同一地址或同一电话，附 Retry-After），或该户当日异议已达上限（OBJECTION_DAILY_LIMIT）',
    }),
  },
});

export const objectionStatus = defineEndpoint({
  method: 'get',
  path: '/api/v1/public/objections/:id',
  summary: '异议处理结果（凭提交时返回的编号查询；公开，无需令牌，不含个人信息）',
  tag: 'public',
  roles: null,
  params: z.object({ id: z.uuid() }),
  responses: {
    200: {
      description: '处理情况',
      schema: z.object({ objectionId: z.string(), year: z.number().int(), uscc: z.string(), status: z.enum(['RECEIVED', 'NOT_ACCEPTED', 'UPHELD', 'DISMISSED']), statusLabel: z.string(), reason: z.string().nullable(), decidedAt: z.string().nullable() }),
    },
    ...errorResponses([400, 404, 503]),
  },
});

export const categorySummary = defineEndpoint({
  method: 'get',
  path: '/api/v1/cycles/:year/category-summary',
  summary: '年度名特优新汇总：各状态、各类别数量与名额',
  tag: 'cycles',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  params: z.object({ year }),
  responses: {
    200: {
      description: '汇总',
      schema: z.object({
        year: z.number().int(),
        quota: z.object({ base: z.number().int(), cap: z.number().int(), capsByCounty: z.record(z.string(), z.number().int()).optional(), rankedAt: z.string() }).nullable().describe('名额：基数与上限（按县分配时含各县名额；排名后）'),
        byStatus: z.record(z.string(), z.record(z.string(), z.number().int())).describe('状态 → 类别 → 数量'),
        designated: z.record(z.string(), z.number().int()).describe('各类别已认定数'),
        total: z.number().int(),
      }),
    },
    ...errors,
  },
});
