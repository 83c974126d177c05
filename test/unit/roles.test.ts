import { describe, expect, it } from 'vitest';
import { AMR_STAFF, COUNTY_SCOPED, CREDIT_LIST_READERS, reachesCounty } from '../../domain/roles';
import { ENDPOINTS } from '../../api/endpoints';
import { assertCounty } from '../../api/auth';
import { ApiError } from '../../api/errors';

describe('county reach', () => {
  it('limits county-scoped roles to their county and lets city-wide roles reach all', () => {
    expect(reachesCounty({ role: 'COUNTY_AMR', county: '421303' }, '421303')).toBe(true);
    expect(reachesCounty({ role: 'COUNTY_AMR', county: '421303' }, '421321')).toBe(false);
    expect(reachesCounty({ role: 'GRASSROOTS_STAFF', county: null }, '421321')).toBe(false);
    expect(reachesCounty({ role: 'CITY_AMR', county: null }, '421321')).toBe(true);
  });

  it('answers 403 with a Chinese message outside the county', () => {
    const principal = { id: 'x', name: 'n', role: 'GRASSROOTS_STAFF' as const, department: null, county: '421321', uscc: null };
    expect(() => assertCounty(principal, '421321')).not.toThrow();
    try {
      assertCounty(principal, '421303');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(403);
      expect((error as ApiError).message).toContain('县');
    }
  });
});

describe('financial institutions (docs/policy.md#p-credit-consent)', () => {
  it('are neither AMR staff nor county-scoped, and read the credit list only', () => {
    expect(AMR_STAFF).not.toContain('FINANCIAL_INSTITUTION');
    expect(COUNTY_SCOPED).not.toContain('FINANCIAL_INSTITUTION');
    expect(CREDIT_LIST_READERS).toContain('FINANCIAL_INSTITUTION');
    // Every endpoint that needs a token refuses them by contract, except their list and /me.
    const open = ENDPOINTS.filter((e) => e.roles !== null && (e.roles.length === 0 || e.roles.includes('FINANCIAL_INSTITUTION'))).map((e) => `${e.method.toUpperCase()} ${e.path}`);
    expect(open.sort()).toEqual(['GET /api/v1/credit/households', 'GET /api/v1/me']);
  });
});
