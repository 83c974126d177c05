// Limits that keep the public endpoints and the uploads from being used to flood the programme, and
// the `trust proxy` setting they depend on; read from the environment by the process that starts the
// API, with defaults sized for Suizhou (an objector files a handful, a household a few dozen files).
export interface AbuseLimits {
  /** Objection requests per client address per window (counted before anything else is read). */
  objectionsPerIp: { limit: number; windowMs: number };
  /** Objection requests per objector phone per window, across all applications. */
  objectionsPerPhone: { limit: number; windowMs: number };
  /** Objections recorded per application per day (Asia/Shanghai). */
  objectionsPerApplicationPerDay: number;
  /** Evidence a household may upload per programme year. */
  evidencePerHouseholdPerYear: { files: number; bytes: number };
  /** Seconds between two runs of the objection delivery reconciler. */
  objectionDeliveryIntervalMs: number;
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimits = {
  objectionsPerIp: { limit: 10, windowMs: 15 * 60_000 },
  objectionsPerPhone: { limit: 3, windowMs: 60 * 60_000 },
  objectionsPerApplicationPerDay: 50,
  evidencePerHouseholdPerYear: { files: 30, bytes: 100 * 1024 * 1024 },
  objectionDeliveryIntervalMs: 30_000,
};

/** A positive whole number from the environment, or the default; a bad value stops the process at start. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive whole number (got "${raw}")`);
  return Number(raw);
}

export function abuseLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AbuseLimits {
  const d = DEFAULT_ABUSE_LIMITS;
  return {
    objectionsPerIp: {
      limit: positive(env, 'OBJECTIONS_PER_IP', d.objectionsPerIp.limit),
      windowMs: positive(env, 'OBJECTIONS_PER_IP_WINDOW_MINUTES', d.objectionsPerIp.windowMs / 60_000) * 60_000,
    },
    objectionsPerPhone: {
      limit: positive(env, 'OBJECTIONS_PER_PHONE', d.objectionsPerPhone.limit),
      windowMs: positive(env, 'OBJECTIONS_PER_PHONE_WINDOW_MINUTES', d.objectionsPerPhone.windowMs / 60_000) * 60_000,
    },
    objectionsPerApplicationPerDay: positive(env, 'OBJECTIONS_PER_APPLICATION_PER_DAY', d.objectionsPerApplicationPerDay),
    evidencePerHouseholdPerYear: {
      files: positive(env, 'EVIDENCE_FILES_PER_YEAR', d.evidencePerHouseholdPerYear.files),
      bytes: positive(env, 'EVIDENCE_MB_PER_YEAR', d.evidencePerHouseholdPerYear.bytes / 1024 / 1024) * 1024 * 1024,
    },
    objectionDeliveryIntervalMs: positive(env, 'OBJECTION_DELIVERY_INTERVAL_SECONDS', d.objectionDeliveryIntervalMs / 1000) * 1000,
  };
}

/**
 * Express's `trust proxy` from TRUST_PROXY. Off by default: the client address is the socket's, so a
 * forged X-Forwarded-For cannot dodge the per-address limit. Behind a reverse proxy set the number of
 * proxy hops (`1`) or their addresses/subnets (`10.0.0.0/8, loopback`); `true` trusts any sender.
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | number | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}
