// Contract of the type mix of a year's published typing, by county and by industry (GB/T 4754 section
// letter or 2-digit division), for the dashboard. County staff see their county only.
import { z } from 'zod';
import { COUNTY_CODES } from '../../domain/roles';
import { defineEndpoint, errorResponses } from '../contract';

const counts = z.object({ D: z.number().int(), G: z.number().int(), S: z.number().int(), UNTYPED: z.number().int(), total: z.number().int() });

export const typeMix = defineEndpoint({
  method: 'get',
  path: '/api/v1/cycles/:year/type-mix',
  summary: '分型结构：按县（市、区）和行业（GB/T 4754 门类或大类）统计各类型户数（县级人员只看本县）',
  tag: 'typing',
  roles: ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'],
  params: z.object({ year: z.coerce.number().int().min(2024).max(2100) }),
  query: z.object({
    industryLevel: z.enum(['section', 'division']).default('section').describe('section：门类字母；division：2 位大类代码'),
    county: z.enum(COUNTY_CODES).optional().describe('市级角色可按县筛选；县级角色只能看到本县'),
  }),
  responses: {
    200: {
      description: '各县、各行业的类型户数',
      schema: z.object({
        year: z.number().int(), runId: z.string(), industryLevel: z.enum(['section', 'division']), county: z.string().nullable(),
        byCounty: z.array(counts.extend({ county: z.string() })),
        byIndustry: z.array(counts.extend({ industry: z.string().describe('门类字母或大类代码；无法识别的行业代码为 "?"') })),
      }).meta({ id: 'TypeMix' }),
    },
    ...errorResponses([400, 401, 403, 404, 503]),
  },
});
