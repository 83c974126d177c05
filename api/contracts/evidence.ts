// Contracts of evidence files: a household uploads a file for a field nobody shares, then cites it
// in its declaration; the household and the county's staff can read it back.
import { z } from 'zod';
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES } from '../../domain/category/applicationForm';
import { defineEndpoint, errorBodySchema, errorResponses } from '../contract';

export const evidenceViewSchema = z
  .object({
    evidenceId: z.string(), year: z.number().int(), field: z.string(), fileName: z.string(), contentType: z.string(),
    sizeBytes: z.number().int(), sha256: z.string().describe('文件的 SHA-256 摘要'),
  })
  .meta({ id: 'Evidence' });

export const uploadEvidence = defineEndpoint({
  method: 'post',
  path: '/api/v1/evidence',
  summary: '经营者上传佐证材料（仅限无部门共享的申报项目；PDF、JPEG、PNG，不超过 10 MB）',
  tag: 'applications',
  roles: ['HOUSEHOLD'],
  query: z.object({
    year: z.coerce.number().int().min(2024).max(2100),
    field: z.string().min(1).max(40).describe('佐证的申报项目（申报表 declarable 中的字段）'),
    fileName: z.string().trim().min(1).max(200),
  }),
  rawBody: { description: `文件内容（${EVIDENCE_TYPES.join('、')}），不超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`, schema: z.string(), fileTypes: EVIDENCE_TYPES },
  responses: {
    201: { description: '已保存', schema: evidenceViewSchema },
    ...errorResponses([413, 415], { 415: '类型不受支持，或文件内容与声明的类型不符（CONTENT_TYPE_MISMATCH，按文件头识别）' }),
    422: { description: '该项目由部门共享，无需上传材料（DEPARTMENT_SUPPLIED_FIELD）；或本户本年度材料数量、总大小已达上限（EVIDENCE_QUOTA_EXCEEDED）', schema: errorBodySchema },
    ...errorResponses([400, 401, 403]),
  },
});

export const downloadEvidence = defineEndpoint({
  method: 'get',
  path: '/api/v1/evidence/:id',
  summary: '读取佐证材料（经营者本户、辖区工作人员、审计）',
  tag: 'applications',
  roles: ['HOUSEHOLD', 'GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'AUDITOR'],
  params: z.object({ id: z.uuid() }),
  responses: { 200: { description: '文件内容（原始类型）', contentTypes: EVIDENCE_TYPES }, ...errorResponses([400, 401, 403, 404]) },
});
