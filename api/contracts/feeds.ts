// Contracts of the department feeds: one upload endpoint per feed (its row schema documented),
// and the freshness view.
import { z } from 'zod';
import { FEEDS } from '../../domain/feeds/feedDefinitions';
import { shanghaiDate } from '../../domain/shanghaiTime';
import { defineEndpoint, errorBodySchema, errorResponses, type Endpoint } from '../contract';

// Data-source units push their contracted fields; sector authorities upload designation data (docs/policy.md#p-roles-visibility).
export const FEED_UPLOAD_ROLES = ['DATA_SOURCE', 'SECTOR_DEPARTMENT', 'CITY_AMR', 'PROVINCIAL_AMR'] as const;

/** The earliest as-of date a feed may carry; the latest is tomorrow (Asia/Shanghai), for clocks slightly ahead. */
export const EARLIEST_AS_OF = '2000-01-01';
const latestAsOf = () => shanghaiDate(Date.now() + 24 * 3600_000);

export const feedUploadQuery = z.object({
  asOf: z.iso
    .date()
    .refine((d) => d >= EARLIEST_AS_OF && d <= latestAsOf(), { message: `数据截止日期应在 ${EARLIEST_AS_OF} 至明天之间` })
    .describe(`数据截止日期（YYYY-MM-DD），随每条数据保存；不早于 ${EARLIEST_AS_OF}、不晚于明天（北京时间）`),
});

const rejectSchema = z.object({ row: z.number().int(), field: z.string(), code: z.string(), message: z.string() });
export const feedResultSchema = z
  .object({
    batchId: z.string(),
    feed: z.string(),
    department: z.string(),
    asOf: z.string(),
    rows: z.number().int().describe('收到的数据行数'),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int().describe('与已存数据相同、未作改动的行数'),
    rejected: z.number().int(),
    rejects: z.array(rejectSchema).describe('被拒绝的行（最多列出 1000 项）'),
    rejectsTruncated: z.boolean(),
    replayed: z.boolean().describe('同一 Idempotency-Key 的重复请求：返回首次结果，未重复处理'),
  })
  .meta({ id: 'FeedResult' });

const errors = errorResponses([400, 401, 403, 413, 415, 422, 503], {
  400: '请求参数或请求体不正确（截止日期须在 2000-01-01 至明天之间）',
  403: '无权上传该部门的数据',
  413: '超过 10 万行、单行超过 64 KB 或请求体超过 64 MB（未保存任何数据）',
  422: 'Idempotency-Key 已用于另一份数据（IDEMPOTENCY_KEY_REUSED，未处理）',
  503: '数据库不可用',
});

export const feedUploads: Endpoint[] = FEEDS.map((feed) =>
  defineEndpoint({
    method: 'post',
    path: `/api/v1/feeds/${feed.name}`,
    summary: `上传${feed.label}（${feed.departments.join('、')}）`,
    tag: 'feeds',
    roles: FEED_UPLOAD_ROLES,
    query: feedUploadQuery,
    rawBody: {
      description:
        `每行一条${feed.label}。支持 text/csv（首行为字段名，列表字段用 | 分隔）、application/x-ndjson（每行一个 JSON 对象）和 application/json（对象数组）；` +
        '单次最多 100,000 行、64 MB，每行不超过 64 KB，流式处理；含空字符或不合法 UTF-8 的单元格按行拒绝并说明原因。' +
        '可带 Idempotency-Key 头：相同键、相同数据的重复请求返回首次结果，不会重复处理；相同键、不同数据答 422；相同数据再次上传也不会新增任何内容。',
      schema: z.array(feed.row),
    },
    responses: { 200: { description: '处理结果：有效行已保存，无效行逐行说明原因', schema: feedResultSchema }, ...errors },
  }),
);

export const feedFreshness = defineEndpoint({
  method: 'get',
  path: '/api/v1/feeds/freshness',
  summary: '各部门数据新鲜度：最近一次上传、行数、拒绝数',
  tag: 'feeds',
  roles: ['DATA_SOURCE', 'CITY_AMR', 'PROVINCIAL_AMR', 'COUNTY_AMR', 'AUDITOR'],
  responses: {
    200: {
      description: '按数据源与部门汇总',
      schema: z.object({
        items: z.array(
          z.object({
            feed: z.string(), label: z.string(), department: z.string(), lastReceivedAt: z.string().nullable(), lastAsOf: z.string().nullable(),
            batches: z.number().int(), rowsTotal: z.number().int(), rowsStored: z.number().int(), rowsRejected: z.number().int(),
          }),
        ),
      }),
    },
    401: { description: '未认证', schema: errorBodySchema },
    403: { description: '无权限', schema: errorBodySchema },
  },
});
