// The city's 名特优新 confirmation list (docs/policy.md#p-confirm-four-eyes): the selected applicants whose public
// notice has cleared, as they stand when the first administrator signs. The list is frozen with its
// digest (SHA-256 of a canonical text), so the second administrator signs exactly the list the first
// prepared, and any later change of the selection shows as a different digest.
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface ListEntry {
  rank: number;
  uscc: string;
  category: string;
  county: string;
  score: number;
}

export interface FrozenList {
  round: number;
  /** SHA-256 (hex) of the canonical text of the year and the entries (listDigest). */
  hash: string;
  entries: ListEntry[];
  /** Selected applicants still in their notice or objection handling when the list was frozen (not on it). */
  pending: string[];
  preparedBy: string;
  preparedAt: string;
}

/** The canonical text: one line per entry in rank order, `rank|uscc|category|county|score`, after the year. */
export function listDigest(year: number, entries: ListEntry[]): string {
  const lines = [...entries].sort((a, b) => a.rank - b.rank || a.uscc.localeCompare(b.uscc)).map((e) => [e.rank, e.uscc, e.category, e.county, e.score].join('|'));
  return createHash('sha256').update([`名特优新确认名单 ${year}`, ...lines].join('\n')).digest('hex');
}

/** The selected applicants' current state in the register (their read model), by uscc. */
export async function selectedApplicants(pool: pg.Pool, year: number, usccs: string[]): Promise<Array<{ uscc: string; category: string; county: string; status: string }>> {
  if (!usccs.length) return [];
  const { rows } = await pool.query<{ uscc: string; category: string; county: string; status: string }>(
    'SELECT uscc, category, county, status FROM application WHERE year = $1 AND uscc = ANY($2::text[]) ORDER BY uscc', [year, usccs],
  );
  return rows;
}

/**
 * What a confirmation task shows (docs/policy.md#p-confirm-four-eyes): for the second signature, the list frozen at the
 * first (null when the task belongs to an earlier, voided round); for the first, the list as it stands now,
 * with the digest it would be frozen under.
 */
export async function confirmationListFor(pool: pg.Pool, year: number, kind: string, taskId: string): Promise<(Omit<FrozenList, 'preparedBy' | 'preparedAt'> & { frozen: boolean; preparedBy: string | null; preparedAt: string | null }) | null> {
  const round = Number(/-(\d+)$/.exec(taskId)?.[1] ?? NaN);
  const { rows } = await pool.query<{ selection: { ranking?: Array<{ uscc: string; rank: number | null; score: number; selected: boolean }>; frozenList?: FrozenList } | null }>(
    'SELECT selection FROM cycle WHERE year = $1', [year],
  );
  const selection = rows[0]?.selection;
  if (!selection) return null;
  if (kind === 'CITY_CONFIRMATION_APPROVAL') {
    const frozen = selection.frozenList;
    return frozen && frozen.round === round ? { ...frozen, frozen: true } : null;
  }
  const ranked = new Map((selection.ranking ?? []).filter((c) => c.selected).map((c) => [c.uscc, c]));
  const current = await selectedApplicants(pool, year, [...ranked.keys()]);
  const entries = current.filter((r) => r.status === 'AWAITING_CONFIRMATION')
    .map((r) => ({ rank: ranked.get(r.uscc)!.rank ?? 0, uscc: r.uscc, category: r.category, county: r.county, score: ranked.get(r.uscc)!.score }))
    .sort((a, b) => a.rank - b.rank);
  const pending = current.filter((r) => !['AWAITING_CONFIRMATION', 'REJECTED_GATE', 'REJECTED_REVIEW', 'OBJECTION_UPHELD', 'WITHDRAWN', 'DESIGNATED', 'NOT_DESIGNATED'].includes(r.status)).map((r) => r.uscc);
  return { round, hash: listDigest(year, entries), entries, pending, frozen: false, preparedBy: null, preparedAt: null };
}
