// The life of a 名特优新 designation (docs/policy.md#p-designation, docs/policy.md#p-designation-evaluation): valid a number of years from the
// designation date; in its final year the designating department evaluates the household and either
// extends it by the same period or lets it expire at the end of its last day.
import { shanghaiInstant } from '../shanghaiTime';

export const DESIGNATION_STATUSES = { ACTIVE: '有效', UNDER_EVALUATION: '期满评价中', EXTENDED: '已延续', EXPIRED: '已到期' } as const;
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
