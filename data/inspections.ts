// Differentiated 双随机 supervision in PostgreSQL (docs/policy.md#p-inspection-plan, docs/policy.md#p-inspection-draw):
// plans with their published seed, the frozen population, the draw and the published outcomes.
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { writeAudit } from './audit';
import { drawInspections, populationDigest, type Candidate, type PlanInput, type Segment } from '../domain/supervision/draw';
import type { PrismaClient } from '../prisma/client';
import { inPgTransaction } from './pgTransaction';
import { LABELS_IN_FORCE, runToMatch, todayInShanghai, type Actor } from './policies';

export type PlanRow = Awaited<ReturnType<PrismaClient['inspectionPlan']['findUniqueOrThrow']>>;

export const planView = (p: PlanRow) => ({
  id: p.id, year: p.year, period: p.period, r0: p.r0, multipliers: p.multipliers as Record<Segment, number>, frequencyYears: p.frequencyYears,
  riskComplaints: p.riskComplaints, riskMonths: p.riskMonths, roster: p.roster as Record<string, string[]>, seed: p.seed, status: p.status,
  createdAt: p.createdAt.toISOString(), frozenAt: p.frozenAt?.toISOString() ?? null, populationSize: p.populationSize, populationDigest: p.populationDigest,
  drawnAt: p.drawnAt?.toISOString() ?? null,
});

/** A new plan, its seed fixed now (32 random bytes, hex) and audited with it: published before any draw. */
export async function createPlan(prisma: PrismaClient, actor: Actor, input: PlanInput): Promise<PlanRow> {
  const id = randomUUID();
  const seed = randomBytes(32).toString('hex');
  return prisma.$transaction(async (tx) => {
    const row = await tx.inspectionPlan.create({
      data: {
        id, year: Number(input.period.slice(0, 4)), period: input.period, r0: input.r0, multipliers: input.multipliers, frequencyYears: input.frequencyYears,
        riskComplaints: input.riskComplaints, riskMonths: input.riskMonths, roster: input.roster, seed, status: 'DRAFT', createdBy: actor.id,
      },
    });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'INSPECTION_PLAN_CREATED', targetType: 'inspection_plan', targetId: id, after: { ...input, seed }, requestId: actor.requestId });
    return row;
  });
}

/** Every plan, newest period first (a handful a year). */
export const listPlans = (prisma: PrismaClient) => prisma.inspectionPlan.findMany({ orderBy: [{ period: 'desc' }, { createdAt: 'desc' }] });

export const findPlan = (prisma: PrismaClient, id: string) => prisma.inspectionPlan.findUnique({ where: { id } });

/**
 * Freezes the population: every ACTIVE household with its segment — RISK (abnormal-marked now, a penalty or
 * a complaint cluster within riskMonths), else CATEGORY (a 名特优新 label in force), else its type in the
 * latest published run (UNTYPED without one) — and the 名特优新 households inspected within frequencyYears
 * excluded (RISK households never are). One statement; then the digest is recorded and audited.
 */
export async function freezePopulation(prisma: PrismaClient, pool: pg.Pool, actor: Actor, plan: PlanRow): Promise<PlanRow> {
  const run = await runToMatch(prisma, null);
  const date = todayInShanghai();
  await inPgTransaction(pool, async (client) => {
    const locked = await client.query(`UPDATE inspection_plan SET status = 'FREEZING' WHERE id = $1 AND status = 'DRAFT'`, [plan.id]);
    if (locked.rowCount !== 1) throw new Error('PLAN_NOT_DRAFT');
    await client.query(
      `INSERT INTO inspection_candidate (plan_id, uscc, county, segment, excluded)
       SELECT $1, b.uscc, b.county,
         CASE WHEN f.risk THEN 'RISK' WHEN f.cat THEN 'CATEGORY' WHEN r.type IN ('D', 'G', 'S') THEN r.type ELSE 'UNTYPED' END,
         CASE WHEN NOT f.risk AND f.cat AND EXISTS (SELECT 1 FROM inspection i WHERE i.uscc = b.uscc AND i.year > $4::int - $5::int AND i.plan_id <> $1) THEN 'FREQUENCY_LIMIT' END
       FROM business b
       LEFT JOIN typing_result r ON r.run_id = $2 AND r.uscc = b.uscc
       CROSS JOIN LATERAL (SELECT
         EXISTS (SELECT 1 FROM abnormal_mark m WHERE m.uscc = b.uscc AND m.marked_on <= $3::date AND (m.restored_on IS NULL OR m.restored_on > $3::date))
         OR EXISTS (SELECT 1 FROM administrative_penalty p WHERE p.uscc = b.uscc AND p.decided_on > $3::date - make_interval(months => $6::int) AND p.decided_on <= $3::date)
         OR (SELECT count(*) FROM complaint c WHERE c.uscc = b.uscc AND c.received_on > $3::date - make_interval(months => $6::int) AND c.received_on <= $3::date) >= $7::int AS risk,
         EXISTS (SELECT 1 FROM category_label l WHERE l.uscc = b.uscc AND l.status = ANY($8::text[]) AND l.valid_until >= $3::date) AS cat) f
       WHERE b.status = 'ACTIVE'`,
      [plan.id, run?.runId ?? null, date, plan.year, plan.frequencyYears, plan.riskMonths, plan.riskComplaints, LABELS_IN_FORCE],
    );
    const { rows } = await client.query<Candidate>('SELECT uscc, county, segment, excluded FROM inspection_candidate WHERE plan_id = $1', [plan.id]);
    const digest = populationDigest(rows);
    await client.query(`UPDATE inspection_plan SET status = 'FROZEN', frozen_at = now(), population_size = $2, population_digest = $3 WHERE id = $1`, [plan.id, rows.length, digest]);
  });
  const frozen = await prisma.inspectionPlan.findUniqueOrThrow({ where: { id: plan.id } });
  await writeAudit(prisma, { actorId: actor.id, actorRole: actor.role, action: 'INSPECTION_POPULATION_FROZEN', targetType: 'inspection_plan', targetId: plan.id, after: { runId: run?.runId ?? null, size: frozen.populationSize, digest: frozen.populationDigest }, requestId: actor.requestId });
  return frozen;
}

export async function frozenPopulation(pool: pg.Pool, planId: string): Promise<Candidate[]> {
  const { rows } = await pool.query<Candidate>('SELECT uscc, county, segment, excluded FROM inspection_candidate WHERE plan_id = $1 ORDER BY uscc', [planId]);
  return rows;
}

/** Draws from the frozen population with the plan's seed and records the list (once: FROZEN → DRAWN). */
export async function drawPlan(prisma: PrismaClient, pool: pg.Pool, actor: Actor, plan: PlanRow): Promise<number> {
  const population = await frozenPopulation(pool, plan.id);
  const drawn = drawInspections(plan.seed, plan.r0, plan.multipliers as Record<Segment, number>, population, plan.roster as Record<string, string[]>);
  return prisma.$transaction(async (tx) => {
    await tx.inspectionPlan.update({ where: { id: plan.id, status: 'FROZEN' }, data: { status: 'DRAWN', drawnAt: new Date() } });
    await tx.inspection.createMany({ data: drawn.map((d) => ({ planId: plan.id, uscc: d.uscc, county: d.county, segment: d.segment, inspectors: d.inspectors, year: plan.year })) });
    const bySegment = Object.fromEntries(drawn.reduce((m, d) => m.set(d.segment, (m.get(d.segment) ?? 0) + 1), new Map<string, number>()));
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'INSPECTION_DRAWN', targetType: 'inspection_plan', targetId: plan.id, after: { seed: plan.seed, digest: plan.populationDigest, drawn: drawn.length, bySegment }, requestId: actor.requestId });
    return drawn.length;
  }, { timeout: 60_000 });
}

export async function recordOutcome(prisma: PrismaClient, actor: Actor, key: { planId: string; uscc: string }, outcome: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.inspection.findUnique({ where: { planId_uscc: key } });
    if (!row) return false;
    await tx.inspection.update({ where: { planId_uscc: key }, data: { outcome, outcomeAt: new Date(), recordedBy: actor.id } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'INSPECTION_OUTCOME_RECORDED', targetType: 'inspection', targetId: `${key.planId}:${key.uscc}`, before: { outcome: row.outcome }, after: { outcome }, requestId: actor.requestId });
    return true;
  });
}

/** The published list (一公开): households drawn, segment, county, trade name and outcome; no inspectors' or operators' names. */
export async function publishedInspections(pool: pg.Pool, planId: string) {
  const { rows } = await pool.query<{ uscc: string; trade_name: string | null; county: string; segment: string; outcome: string | null; outcome_at: Date | null }>(
    `SELECT i.uscc, b.trade_name, i.county, i.segment, i.outcome, i.outcome_at FROM inspection i JOIN business b ON b.uscc = i.uscc WHERE i.plan_id = $1 ORDER BY i.uscc`,
    [planId],
  );
  return rows;
}

/** A plan's inspections (of one county, when given), by USCC. */
export const inspectionsOfPlan = (prisma: PrismaClient, planId: string, county: string | null) =>
  prisma.inspection.findMany({ where: { planId, ...(county !== null ? { county } : {}) }, orderBy: { uscc: 'asc' } });

export const findInspection = (prisma: PrismaClient, planId: string, uscc: string) =>
  prisma.inspection.findUnique({ where: { planId_uscc: { planId, uscc } } });
