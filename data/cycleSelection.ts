// The cycle's 名特优新 register kept in the database (activities/selectionActivities.ts): the applications
// it ranks (their rows in `application`) and what the cycle keeps in `cycle.selection` — review opened,
// the quota's figures, the ranking, promotions, the frozen list and its signatures, the confirmation.
import type pg from 'pg';
import type { Candidate, RankedCandidate } from '../domain/category/quota';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';
import type { FrozenList } from './confirmationList';

/** What the cycle keeps in `cycle.selection` when its register is in the database. */
export interface StoredSelection {
  register: 'DATABASE';
  reviewOpenedAt?: string;
  base?: number;
  cap?: number;
  capsByCounty?: Record<string, number>;
  rankedAt?: string;
  ranking?: RankedCandidate[];
  promoted?: string[];
  confirmedAt?: string;
  confirmed?: string[];
  /** Four eyes: the list frozen at the latest first signature, and the two signatures of the confirmed one. */
  frozenList?: FrozenList;
  signatures?: ConfirmationSignatures;
}

export interface ConfirmationSignatures {
  hash: string;
  preparedBy: string;
  preparedAt: string;
  approvedBy: string;
  approvedAt: string;
}

/** One application of the register, as the selection reads it. */
export interface RegisterRow {
  uscc: string;
  county: string;
  workflow_id: string;
  status: string;
  candidate: Candidate | null;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

/** Whether the cycle of `year`, run by `cycleWorkflowId`, keeps its register here (cycles started since) or hears applications by Signal. */
export async function selectionRegister(prisma: PrismaClient, year: number, cycleWorkflowId: string): Promise<'DATABASE' | 'SIGNALS'> {
  const cycle = await prisma.cycle.findUnique({ where: { year }, select: { workflowId: true, selection: true } });
  return cycle?.workflowId === cycleWorkflowId && (cycle.selection as StoredSelection | null)?.register === 'DATABASE' ? 'DATABASE' : 'SIGNALS';
}

/** The cycle's stored selection, or null when its register is not in the database. */
export async function storedSelection(prisma: PrismaClient, year: number): Promise<StoredSelection | null> {
  const cycle = await prisma.cycle.findUnique({ where: { year }, select: { selection: true } });
  const selection = cycle?.selection as StoredSelection | null | undefined;
  return selection?.register === 'DATABASE' ? selection : null;
}

/** Merges `patch` into the stored selection. */
export async function storeSelection(prisma: PrismaClient, year: number, patch: Partial<StoredSelection>): Promise<void> {
  const current = (await storedSelection(prisma, year)) ?? { register: 'DATABASE' as const };
  await prisma.cycle.update({ where: { year }, data: { selection: json({ ...current, ...patch }) } });
}

/** The year's applications in the order they were submitted. */
export async function registerRows(pool: pg.Pool, year: number): Promise<RegisterRow[]> {
  const { rows } = await pool.query<RegisterRow>('SELECT uscc, county, workflow_id, status, candidate FROM application WHERE year = $1 ORDER BY submitted_at, uscc', [year]);
  return rows;
}

/** The quota's figures and the ranking on the selection (promotions reset), audited as CATEGORY_RANKED, in one transaction. */
export async function recordSelectionRanking(
  prisma: PrismaClient,
  args: { year: number; figures: Pick<StoredSelection, 'base' | 'cap' | 'capsByCounty'>; rankedAt: string; ranking: RankedCandidate[] },
): Promise<void> {
  const { figures, ranking } = args;
  await prisma.$transaction(async (tx) => {
    const current = ((await tx.cycle.findUniqueOrThrow({ where: { year: args.year } })).selection ?? { register: 'DATABASE' }) as unknown as StoredSelection;
    await tx.cycle.update({ where: { year: args.year }, data: { selection: json({ ...current, ...figures, rankedAt: args.rankedAt, ranking, promoted: [] }) } });
    await writeAudit(tx, {
      actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_RANKED', targetType: 'cycle', targetId: String(args.year),
      after: { base: figures.base, cap: figures.cap, ranking: ranking.map(({ uscc, rank, selected, score, explanation }) => ({ uscc, rank, selected, score, explanation })) },
      requestId: `ranking@${args.rankedAt}`,
    });
  }, { timeout: 120_000 });
}

/** The list frozen at a first signature, on the selection and audited, in one transaction. */
export async function recordFrozenList(prisma: PrismaClient, year: number, frozenList: FrozenList): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const now = ((await tx.cycle.findUniqueOrThrow({ where: { year } })).selection ?? { register: 'DATABASE' }) as unknown as StoredSelection;
    await tx.cycle.update({ where: { year }, data: { selection: json({ ...now, frozenList }) } });
    await writeAudit(tx, {
      actorId: frozenList.preparedBy, actorRole: 'CITY_AMR', action: 'CATEGORY_LIST_FROZEN', targetType: 'cycle', targetId: String(year),
      after: { round: frozenList.round, hash: frozenList.hash, entries: frozenList.entries.length, pending: frozenList.pending }, requestId: `confirmation-list@${year}:${frozenList.round}`,
    });
  });
}
