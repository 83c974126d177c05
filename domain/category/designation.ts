// The life of a 名特优新 designation (docs/policy.md#p-designation, docs/policy.md#p-designation-evaluation): valid a number of years from the
// designation date; in its final year the designating department evaluates the household and either
// extends it by the same period or lets it expire at the end of its last day.
import { shanghaiInstant } from '../shanghaiTime';

export const DESIGNATION_STATUSES = {
  ACTIVE: '有效', UNDER_EVALUATION: '期满评价中', EXTENDED: '已延续', EXPIRED: '已到期', REVOKING: '撤销程序中', REVOKED: '已撤销',
} as const;
export type DesignationStatus = keyof typeof DESIGNATION_STATUSES;

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** `date` (YYYY-MM-DD) plus whole years; Feb 29 becomes Feb 28 in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The instant the designation lapses: the end of its last valid day, Asia/Shanghai. */
export function expiresAt(validUntil: string): Date {
  const [y, m, d] = parts(validUntil);
  return shanghaiInstant(y, m, d + 1);
}

/** The start of the final year, when the evaluation opens. */
export function evaluationOpensAt(validUntil: string): Date {
  const [y, m, d] = parts(addYears(validUntil, -1));
  return shanghaiInstant(y, m, d + 1);
}

// ───────── Revocation during validity (docs/policy.md#p-designation-revocation) ─────────

/** Why a designation may be revoked: a negative-list item, the register, or fraud found. */
export type RevocationGroundCode = 'N1' | 'N2' | 'N4' | 'N5' | 'DEREGISTERED' | 'REGISTRATION_REVOKED' | 'SUSPENDED_OVER_LIMIT' | 'FRAUD';

export interface RevocationGround {
  code: RevocationGroundCode;
  reason: string;
}

export interface RevocationConfig {
  /** Days (calendar) the household has to state its defence after the notice (PLACEHOLDER 10). */
  defenceDays: number;
  /** Days (calendar) the city has to decide once the defence is in or its deadline passed (PLACEHOLDER 20). */
  decisionDays: number;
  /** A suspension (歇业) longer than this many months is a ground (§8.7: 6). */
  suspensionMonths: number;
}

export const DEFAULT_REVOCATION_CONFIG: RevocationConfig = { defenceDays: 10, decisionDays: 20, suspensionMonths: 6 };

/** The negative-list codes whose occurrence during validity revokes (N3, N6, N7 do not). */
export const REVOKING_GATE_CODES = ['N1', 'N2', 'N4', 'N5'] as const;

/** `date` (YYYY-MM-DD) plus whole months, clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * The register's grounds at `today`: deregistered (注销), registration revoked (吊销), or suspended
 * (歇业) for longer than the limit, counted from `suspendedSince`. A shorter suspension is no ground
 * yet: `recheckOn` says when it would become one.
 */
export function registrationGrounds(status: string, suspendedSince: string | null, today: string, config: RevocationConfig = DEFAULT_REVOCATION_CONFIG): { grounds: RevocationGround[]; recheckOn: string | null } {
  if (status === 'CANCELLED') return { grounds: [{ code: 'DEREGISTERED', reason: '已办理注销登记' }], recheckOn: null };
  if (status === 'REVOKED') return { grounds: [{ code: 'REGISTRATION_REVOKED', reason: '营业执照已被吊销' }], recheckOn: null };
  if (status !== 'SUSPENDED' || !suspendedSince) return { grounds: [], recheckOn: null };
  const limit = addMonths(suspendedSince, config.suspensionMonths);
  if (today > limit) return { grounds: [{ code: 'SUSPENDED_OVER_LIMIT', reason: `自 ${suspendedSince} 起歇业已超过 ${config.suspensionMonths} 个月` }], recheckOn: null };
  return { grounds: [], recheckOn: limit };
}
