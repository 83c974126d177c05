// Roles (docs/policy.md#p-roles). A principal has one role, plus a department and/or county where relevant.

export const ROLES = {
  HOUSEHOLD: '经营者',
  GRASSROOTS_STAFF: '市场监管所工作人员',
  COUNTY_AMR: '县级市场监管局',
  CITY_AMR: '市级市场监管局',
  PROVINCIAL_AMR: '省级市场监管局',
  SAMR: '国家市场监管总局',
  SECTOR_DEPARTMENT: '行业主管部门',
  DATA_SOURCE: '数据提供部门',
  FINANCIAL_INSTITUTION: '金融机构',
  AUDITOR: '审计/纪检',
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as [Role, ...Role[]];

/** Staff of the market-regulation line, who work the programme's tasks. */
export const AMR_STAFF: readonly Role[] = ['GRASSROOTS_STAFF', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR'];

/**
 * Financial institutions read one list: the households that consented to 授信 use and are 成长型, 发展型 or
 * 名特优新, type and category only (docs/policy.md#p-credit-consent); every other endpoint that needs a token
 * refuses them, except `/api/v1/me`.
 */
export const CREDIT_LIST_READERS: readonly Role[] = ['FINANCIAL_INSTITUTION', 'CITY_AMR'];

/** Roles whose reach is limited to one county (their principal must carry a county code). */
export const COUNTY_SCOPED: readonly Role[] = ['GRASSROOTS_STAFF', 'COUNTY_AMR'];

/** Suizhou's counties (division codes still to be verified with the city: docs/policy.md#p-roles). */
export const COUNTIES = {
  '421303': '曾都区',
  '421321': '随县',
  '421381': '广水市',
  '421371': '随州高新区',
  '421372': '大洪山风景名胜区',
} as const;

export type CountyCode = keyof typeof COUNTIES;
export const COUNTY_CODES = Object.keys(COUNTIES) as [CountyCode, ...CountyCode[]];

export interface PrincipalScope {
  role: Role;
  county: string | null;
}

/** Whether a principal may act on something located in `county` (city-wide roles reach every county). */
export function reachesCounty(principal: PrincipalScope, county: string): boolean {
  if (!COUNTY_SCOPED.includes(principal.role)) return true;
  return principal.county === county;
}
