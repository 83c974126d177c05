// The abuse limits and `trust proxy` come from the environment with documented defaults; a value that
// is not a positive whole number stops the API at start instead of silently disabling a limit.
import { describe, expect, it } from 'vitest';
import { abuseLimitsFromEnv, DEFAULT_ABUSE_LIMITS, trustProxyFromEnv } from '../../api/abuseLimits';

describe('abuse limits from the environment', () => {
  it('falls back to the defaults, and reads minutes, seconds and megabytes', () => {
    expect(abuseLimitsFromEnv({})).toEqual(DEFAULT_ABUSE_LIMITS);
    expect(abuseLimitsFromEnv({ OBJECTIONS_PER_IP: '' })).toEqual(DEFAULT_ABUSE_LIMITS);
    const limits = abuseLimitsFromEnv({
      OBJECTIONS_PER_IP: '5', OBJECTIONS_PER_IP_WINDOW_MINUTES: '2', OBJECTIONS_PER_PHONE: '1', OBJECTIONS_PER_APPLICATION_PER_DAY: '7',
      EVIDENCE_FILES_PER_YEAR: '4', EVIDENCE_MB_PER_YEAR: '3', OBJECTION_DELIVERY_INTERVAL_SECONDS: '9',
    });
    expect(limits).toEqual({
      objectionsPerIp: { limit: 5, windowMs: 120_000 },
      objectionsPerPhone: { limit: 1, windowMs: DEFAULT_ABUSE_LIMITS.objectionsPerPhone.windowMs },
      objectionsPerApplicationPerDay: 7,
      evidencePerHouseholdPerYear: { files: 4, bytes: 3 * 1024 * 1024 },
      objectionDeliveryIntervalMs: 9_000,
    });
  });

  it('refuses a limit that is not a positive whole number', () => {
    for (const bad of ['0', '-1', '2.5', 'ten', 'Infinity']) {
      expect(() => abuseLimitsFromEnv({ OBJECTIONS_PER_APPLICATION_PER_DAY: bad })).toThrow(/OBJECTIONS_PER_APPLICATION_PER_DAY must be a positive whole number/);
    }
  });

  it('keeps trust proxy off unless told, and passes hop counts and addresses to Express', () => {
    expect(trustProxyFromEnv({})).toBe(false);
    expect(trustProxyFromEnv({ TRUST_PROXY: 'false' })).toBe(false);
    expect(trustProxyFromEnv({ TRUST_PROXY: '0' })).toBe(false);
    expect(trustProxyFromEnv({ TRUST_PROXY: '1' })).toBe(1);
    expect(trustProxyFromEnv({ TRUST_PROXY: '10.0.0.0/8, loopback' })).toBe('10.0.0.0/8, loopback');
    expect(trustProxyFromEnv({ TRUST_PROXY: 'true' })).toBe(true);
  });
});
