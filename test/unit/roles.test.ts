import { describe, expect, it } from 'vitest';
import { reachesCounty } from '../../domain/roles';
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
