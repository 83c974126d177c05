// Support policies in PostgreSQL (docs/policy.md#p-policy-catalogue, docs/policy.md#p-policy-matching): the
// catalogue, the matching batches and their matches, uptake, the households' 授信 consent, and the lists
// departments and financial institutions read. Activities and the API call these; nothing here decides
// who may call them.
import type pg from 'pg';
import { copyRows } from './bulkCopy';
import { writeAudit } from './audit';
import { DEFAULT_POLICY_CATALOGUE } from '../domain/policies/defaultCatalogue';
import { renderPolicyDigest } from '../domain/policies/digest';
import {
  inForce, matchPolicy, policyConditionsSchema, policyTargetSchema, type HouseholdFacts, type MatchablePolicy, type MatchExplanation, type PolicyDraft, type UptakeStatus,
} from '../domain/policies/policy';
import { decodeFeatures, type StoredFeatures } from '../domain/typing/storedResult';
import type { Features } from '../domain/typing/features';
import { inPgTransaction } from './pgTransaction';
import type { PrismaClient } from '../prisma/client';

export interface UsccRange {
  after: string;
  upTo: string;
}

/** 名特优新 labels that count as "in force" for targeting (docs/policy.md#p-designation). */
export const LABELS_IN_FORCE = ['ACTIVE', 'UNDER_EVALUATION', 'EXTENDED'] as const;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
export const todayInShanghai = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

// ───────────────────────── Catalogue ─────────────────────────

export type PolicyRow = Awaited<ReturnType<PrismaClient['policy']['findUniqueOrThrow']>>;

/** Seeds the default catalogue once, as DRAFTS marked placeholder (docs/policy.md#p-policy-default-catalogue). */
export async function ensureDefaultPolicies(prisma: PrismaClient): Promise<void> {
  if ((await prisma.policy.count()) > 0) return;
  await prisma.$transaction(async (tx) => {
    const created = await tx.policy.createMany({
      data: DEFAULT_POLICY_CATALOGUE.map((p) => ({
        id: `${p.code}@${p.version}`, code: p.code, version: p.version, department: p.department, title: p.title, legalBasis: p.legalBasis, area: p.area,
        target: p.target, benefit: p.benefit, mode: p.mode, contact: p.contact, placeholder: true, status: 'DRAFT',
      })),
      skipDuplicates: true,
    });
    if (created.count > 0) {
      await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'POLICY_DEFAULTS_SEEDED', targetType: 'policy', targetId: 'default-catalogue', after: { drafts: created.count }, idempotencyKey: 'policy-default-catalogue' });
    }
  });
}

export const listPolicies = (prisma: PrismaClient, filter: { status?: string; department?: string }) =>
  prisma.policy.findMany({ where: { ...(filter.status ? { status: filter.status } : {}), ...(filter.department ? { department: filter.department } : {}) }, orderBy: [{ code: 'asc' }, { createdAt: 'desc' }] });

export const findPolicy = (prisma: PrismaClient, id: string) => prisma.policy.findUnique({ where: { id } });

export interface Actor {
  id: string;
  role: string;
  requestId?: string;
}

export async function draftPolicy(prisma: PrismaClient, actor: Actor, department: string, draft: PolicyDraft): Promise<PolicyRow> {
  const id = `${draft.code}@${draft.version}`;
  return prisma.$transaction(async (tx) => {
    const row = await tx.policy.create({
      data: {
        id, code: draft.code, version: draft.version, department, title: draft.title, legalBasis: draft.legalBasis, area: draft.area, target: draft.target,
        ...(draft.conditions ? { conditions: draft.conditions } : {}), benefit: draft.benefit, mode: draft.mode, contact: draft.contact, status: 'DRAFT', createdBy: actor.id,
      },
    });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'POLICY_DRAFTED', targetType: 'policy', targetId: id, after: { ...draft, department }, requestId: actor.requestId });
    return row;
  });
}

/** DRAFT → PUBLISHED for the window; an earlier published version of the same code is SUPERSEDED (its matches end). */
export async function publishPolicy(prisma: PrismaClient, actor: Actor, id: string, window: { validFrom: string; validTo: string | null }): Promise<PolicyRow> {
  return prisma.$transaction(async (tx) => {
    const previous = await tx.policy.findMany({ where: { code: id.split('@')[0], status: 'PUBLISHED', id: { not: id } } });
    if (previous.length > 0) {
      await tx.policy.updateMany({ where: { id: { in: previous.map((p) => p.id) } }, data: { status: 'SUPERSEDED' } });
      await tx.policyMatch.updateMany({ where: { policyId: { in: previous.map((p) => p.id) }, endedAt: null }, data: { endedAt: new Date(), endReason: 'SUPERSEDED' } });
    }
    const row = await tx.policy.update({
      where: { id, status: 'DRAFT' },
      data: { status: 'PUBLISHED', approvedBy: actor.id, publishedAt: new Date(), validFrom: new Date(window.validFrom), validTo: window.validTo ? new Date(window.validTo) : null, placeholder: false },
    });
    await writeAudit(tx, {
      actorId: actor.id, actorRole: actor.role, action: 'POLICY_PUBLISHED', targetType: 'policy', targetId: id,
      before: { status: 'DRAFT', superseded: previous.map((p) => p.id) }, after: { status: 'PUBLISHED', ...window }, requestId: actor.requestId,
    });
    return row;
  });
}

/** PUBLISHED → WITHDRAWN: its current matches end now (the rows stay as history); later batches skip it. */
export async function withdrawPolicy(prisma: PrismaClient, actor: Actor, id: string, reason: string): Promise<{ policy: PolicyRow; ended: number }> {
  return prisma.$transaction(async (tx) => {
    const policy = await tx.policy.update({ where: { id, status: 'PUBLISHED' }, data: { status: 'WITHDRAWN', withdrawnBy: actor.id, withdrawnAt: new Date(), withdrawReason: reason } });
    const { count } = await tx.policyMatch.updateMany({ where: { policyId: id, endedAt: null }, data: { endedAt: new Date(), endReason: 'WITHDRAWN' } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'POLICY_WITHDRAWN', targetType: 'policy', targetId: id, before: { status: 'PUBLISHED' }, after: { status: 'WITHDRAWN', reason, matchesEnded: count }, requestId: actor.requestId });
    return { policy, ended: count };
  });
}

export const policyView = (p: PolicyRow) => ({
  id: p.id, code: p.code, version: p.version, department: p.department, title: p.title, legalBasis: p.legalBasis, area: p.area, target: p.target,
  conditions: p.conditions ?? null, benefit: p.benefit, mode: p.mode, contact: p.contact, placeholder: p.placeholder, status: p.status,
  validFrom: day(p.validFrom), validTo: day(p.validTo), createdBy: p.createdBy, createdAt: p.createdAt.toISOString(), approvedBy: p.approvedBy,
  publishedAt: p.publishedAt?.toISOString() ?? null, withdrawnAt: p.withdrawnAt?.toISOString() ?? null, withdrawReason: p.withdrawReason,
});

// ───────────────────────── Matching batches ─────────────────────────

/** The typing run a batch matches against: the given one, else the latest year's published run (else the latest finished run). */
export async function runToMatch(prisma: PrismaClient, runId: string | null): Promise<{ runId: string; year: number } | null> {
  if (runId) {
    const run = await prisma.typingRun.findUnique({ where: { id: runId } });
    return run ? { runId: run.id, year: run.year } : null;
  }
  const cycle = await prisma.cycle.findFirst({ where: { currentRunId: { not: null } }, orderBy: { year: 'desc' } });
  if (cycle?.currentRunId) return { runId: cycle.currentRunId, year: cycle.year };
  const run = await prisma.typingRun.findFirst({ where: { status: 'DONE' }, orderBy: { finishedAt: 'desc' } });
  return run ? { runId: run.id, year: run.year } : null;
}

/** The policies in force on `date`, ready to match. */
export async function policiesInForce(prisma: PrismaClient, date: string): Promise<Array<MatchablePolicy & { title: string }>> {
  const rows = await prisma.policy.findMany({ where: { status: 'PUBLISHED' }, orderBy: { id: 'asc' } });
  return rows
    .filter((p) => inForce({ status: p.status, validFrom: day(p.validFrom), validTo: day(p.validTo) }, date))
    .map((p) => ({ id: p.id, title: p.title, target: policyTargetSchema.parse(p.target), conditions: p.conditions ? policyConditionsSchema.parse(p.conditions) : null }));
}

/**
 * Records the batch (idempotent on its id), ends the matches of policies no longer in force (their window
 * closed: EXPIRED), and splits the run's households into ranges of about `rangeSize`.
 */
export async function startMatchBatch(
  prisma: PrismaClient, pool: pg.Pool, spec: { batchId: string; runId: string; year: number; trigger: string; date: string; rangeSize: number; uscc?: string },
): Promise<{ policies: string[]; ranges: UsccRange[] }> {
  const policies = (await policiesInForce(prisma, spec.date)).map((p) => p.id);
  await prisma.policyMatchBatch.upsert({
    where: { id: spec.batchId },
    create: { id: spec.batchId, year: spec.year, runId: spec.runId, trigger: spec.trigger, policies, status: 'RUNNING' },
    update: {},
  });
  const batch = await prisma.policyMatchBatch.findUniqueOrThrow({ where: { id: spec.batchId } });
  await pool.query(
    `UPDATE policy_match m SET ended_at = now(), end_reason = 'EXPIRED' FROM policy p
     WHERE p.id = m.policy_id AND m.ended_at IS NULL AND p.status = 'PUBLISHED' AND NOT (p.id = ANY($1::text[]))`,
    [batch.policies],
  );
  if (spec.uscc) return { policies: batch.policies, ranges: [{ after: spec.uscc.slice(0, 17) + String.fromCharCode(spec.uscc.charCodeAt(17) - 1), upTo: spec.uscc }] };
  const { rows } = await pool.query<{ uscc: string }>(
    'SELECT uscc FROM (SELECT uscc, row_number() OVER (ORDER BY uscc) AS n FROM typing_result WHERE run_id = $1) s WHERE n % $2 = 0 ORDER BY uscc',
    [spec.runId, spec.rangeSize],
  );
  const bounds = ['', ...rows.map((r) => r.uscc), '~'];
  return { policies: batch.policies, ranges: bounds.slice(1).map((upTo, i) => ({ after: bounds[i]!, upTo })).filter((r) => r.after !== r.upTo) };
}

const PAGE_SQL = `
  SELECT r.uscc, r.type, b.county, b.industry_code, b.special_groups, FEATURES,
    coalesce((SELECT array_agg(DISTINCT l.category ORDER BY l.category) FROM category_label l
              WHERE l.uscc = r.uscc AND l.status = ANY($4::text[]) AND l.valid_until >= $5::date), '{}') AS categories
  FROM typing_result r JOIN business b ON b.uscc = r.uscc
  WHERE r.run_id = $1 AND r.uscc > $2 AND r.uscc <= $3
  ORDER BY r.uscc LIMIT $6`;

interface PageRow {
  uscc: string;
  type: string;
  county: string;
  industry_code: string;
  special_groups: string[];
  features: StoredFeatures | null;
  categories: string[];
}

/**
 * Matches one page of households (after, …] to the batch's policies and stores it in one transaction: the
 * matches upserted (ended ones revived), the page's other current matches of these policies ended. A page
 * retried after a crash writes the same rows again. Returns the page's last USCC (null: nothing left).
 */
export async function matchPage(
  pool: pg.Pool, policies: MatchablePolicy[], spec: { batchId: string; runId: string; date: string; range: UsccRange; after: string; pageSize: number },
): Promise<{ last: string | null; matched: number; added: number; ended: number }> {
  const needsFeatures = policies.some((p) => p.conditions !== null);
  const { rows } = await pool.query<PageRow>(PAGE_SQL.replace('FEATURES', needsFeatures ? 'r.features' : 'NULL::json AS features'), [
    spec.runId, spec.after, spec.range.upTo, LABELS_IN_FORCE, spec.date, spec.pageSize,
  ]);
  if (rows.length === 0) return { last: null, matched: 0, added: 0, ended: 0 };
  const last = rows.at(-1)!.uscc;
  const out: Array<[string, string, string]> = [];
  for (const r of rows) {
    const h: HouseholdFacts = { uscc: r.uscc, type: r.type, county: r.county, industry: r.industry_code, categories: r.categories, groups: r.special_groups };
    let features: Features | null | undefined;
    const lazy = () => (features === undefined ? (features = r.features ? decodeFeatures(r.features) : null) : features);
    for (const p of policies) {
      const why = matchPolicy(p, h, lazy);
      if (why) out.push([p.id, r.uscc, JSON.stringify(why)]);
    }
  }
  return inPgTransaction(pool, async (client) => {
    await client.query('CREATE TEMP TABLE IF NOT EXISTS page_match (policy_id text, uscc char(18), explanation json) ON COMMIT DELETE ROWS');
    await copyRows(client, 'page_match', ['policy_id', 'uscc', 'explanation'], out);
    const upserted = await client.query<{ added: string }>(
      `WITH up AS (
         INSERT INTO policy_match (policy_id, uscc, first_batch, last_batch, run_id, explanation)
         SELECT policy_id, uscc, $1, $1, $2, explanation FROM page_match
         ON CONFLICT (policy_id, uscc) DO UPDATE SET last_batch = EXCLUDED.last_batch, last_matched_at = now(), run_id = EXCLUDED.run_id,
           explanation = EXCLUDED.explanation, ended_at = NULL, end_reason = NULL
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*) FILTER (WHERE inserted) AS added FROM up`,
      [spec.batchId, spec.runId],
    );
    const ended = await client.query(
      `UPDATE policy_match SET ended_at = now(), end_reason = 'NO_LONGER_ELIGIBLE'
       WHERE uscc > $1 AND uscc <= $2 AND ended_at IS NULL AND policy_id = ANY($3::text[]) AND last_batch <> $4`,
      [spec.after, last, policies.map((p) => p.id), spec.batchId],
    );
    return { last, matched: out.length, added: Number(upserted.rows[0]!.added), ended: ended.rowCount ?? 0 };
  });
}

export async function finishMatchBatch(pool: pg.Pool, batchId: string): Promise<{ matched: number; added: number }> {
  const { rows } = await pool.query<{ matched: string; added: string }>(
    `SELECT count(*) FILTER (WHERE ended_at IS NULL) AS matched, count(*) FILTER (WHERE first_batch = $1) AS added FROM policy_match WHERE last_batch = $1 OR first_batch = $1`,
    [batchId],
  );
  const matched = Number(rows[0]!.matched);
  const added = Number(rows[0]!.added);
  await pool.query(`UPDATE policy_match_batch SET status = 'DONE', finished_at = now(), matched = $2, added = $3 WHERE id = $1`, [batchId, matched, added]);
  return { matched, added };
}

/**
 * Puts one digest per household (and per household account with an address) in the mail outbox for the
 * current matches not yet notified, and marks them notified in the same transaction: a match is named in
 * one digest only, ever (docs/policy.md#p-policy-notify). Households without an account wait for one.
 * Returns the outbox keys recorded (to deliver) and whether more households are left.
 */
export async function recordDigests(pool: pg.Pool, batchId: string, after: string, limit: number): Promise<{ keys: string[]; households: number; last: string | null }> {
  return inPgTransaction(pool, async (client) => {
    // Driven from the household accounts (far fewer than matches), in USCC order after the cursor.
    const { rows: households } = await client.query<{ uscc: string }>(
      `SELECT DISTINCT p.uscc FROM principal p
       WHERE p.role = 'HOUSEHOLD' AND NOT p.disabled AND p.email IS NOT NULL AND p.uscc > $1
         AND EXISTS (SELECT 1 FROM policy_match m WHERE m.uscc = p.uscc AND m.notified_at IS NULL AND m.ended_at IS NULL)
       ORDER BY p.uscc LIMIT $2`,
      [after, limit],
    );
    const keys: string[] = [];
    for (const { uscc } of households) {
      const { rows: matches } = await client.query<{ policy_id: string; title: string; department: string; benefit: string; mode: string; contact: string }>(
        `UPDATE policy_match m SET notified_at = now() FROM policy p
         WHERE p.id = m.policy_id AND m.uscc = $1 AND m.notified_at IS NULL AND m.ended_at IS NULL
         RETURNING m.policy_id, p.title, p.department, p.benefit, p.mode, p.contact`,
        [uscc],
      );
      const { subject, text } = renderPolicyDigest(uscc, matches.sort((a, b) => a.policy_id.localeCompare(b.policy_id)));
      const { rows: recipients } = await client.query<{ id: string }>(
        `SELECT id::text FROM principal WHERE uscc = $1 AND role = 'HOUSEHOLD' AND NOT disabled AND email IS NOT NULL ORDER BY id`, [uscc],
      );
      for (const r of recipients) {
        const key = `policy-digest:${batchId}:${uscc}:${r.id}`;
        await client.query(
          `INSERT INTO notification (dedupe_key, kind, principal_id, subject, body) VALUES ($1, 'POLICY_DIGEST', $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`,
          [key, r.id, subject, text],
        );
        keys.push(key);
      }
    }
    return { keys, households: households.length, last: households.at(-1)?.uscc ?? null };
  });
}

/** The batch's digests not yet sent (a retried notify step sends these first). */
export async function unsentDigests(pool: pg.Pool, batchId: string): Promise<string[]> {
  const { rows } = await pool.query<{ dedupe_key: string }>(
    `SELECT dedupe_key FROM notification WHERE dedupe_key LIKE $1 AND sent_at IS NULL ORDER BY dedupe_key`,
    [`policy-digest:${batchId.replace(/[\\%_]/g, '\\$&')}:%`],
  );
  return rows.map((r) => r.dedupe_key);
}

/** Adds the households a notify step mailed to the batch's count. */
export async function recordBatchNotified(pool: pg.Pool, batchId: string, households: number): Promise<void> {
  await pool.query('UPDATE policy_match_batch SET notified = coalesce(notified, 0) + $2 WHERE id = $1', [batchId, households]);
}

// ───────────────────────── Reads, uptake, consent ─────────────────────────

export interface HouseholdMatch {
  policy: PolicyRow;
  explanation: MatchExplanation;
  firstMatchedAt: Date;
  lastMatchedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  runId: string;
  uptake: string | null;
  uptakeAt: Date | null;
}

/** A household's matches, current first (with history when asked). */
export async function householdMatches(prisma: PrismaClient, uscc: string, withHistory: boolean): Promise<HouseholdMatch[]> {
  const rows = await prisma.policyMatch.findMany({ where: { uscc, ...(withHistory ? {} : { endedAt: null }) }, orderBy: [{ firstMatchedAt: 'asc' }, { policyId: 'asc' }] });
  const policies = new Map((await prisma.policy.findMany({ where: { id: { in: rows.map((r) => r.policyId) } } })).map((p) => [p.id, p]));
  return rows
    .map((r) => ({
      policy: policies.get(r.policyId)!, explanation: r.explanation as unknown as MatchExplanation, firstMatchedAt: r.firstMatchedAt, lastMatchedAt: r.lastMatchedAt,
      endedAt: r.endedAt, endReason: r.endReason, runId: r.runId, uptake: r.uptake, uptakeAt: r.uptakeAt,
    }))
    .sort((a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null));
}

/** Records uptake on a current match; false when the household has no such match. */
export async function recordUptake(prisma: PrismaClient, actor: Actor, key: { policyId: string; uscc: string }, status: UptakeStatus, note: string | null): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const match = await tx.policyMatch.findUnique({ where: { policyId_uscc: key } });
    if (!match) return false;
    await tx.policyMatch.update({ where: { policyId_uscc: key }, data: { uptake: status, uptakeAt: new Date(), uptakeBy: actor.id } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'POLICY_UPTAKE_RECORDED', targetType: 'policy_match', targetId: `${key.policyId}:${key.uscc}`, before: { uptake: match.uptake }, after: { uptake: status, note }, requestId: actor.requestId });
    return true;
  });
}

export async function setCreditConsent(prisma: PrismaClient, actor: Actor, uscc: string, consent: boolean) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.creditConsent.findUnique({ where: { uscc } });
    const now = new Date();
    const row = consent
      ? await tx.creditConsent.upsert({ where: { uscc }, create: { uscc, grantedAt: now, grantedBy: actor.id }, update: { grantedAt: now, grantedBy: actor.id, revokedAt: null } })
      : before ? await tx.creditConsent.update({ where: { uscc }, data: { revokedAt: now } }) : null;
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: consent ? 'CREDIT_CONSENT_GRANTED' : 'CREDIT_CONSENT_REVOKED', targetType: 'business', targetId: uscc, before: before ? { revokedAt: before.revokedAt } : null, after: { consent }, requestId: actor.requestId });
    return row;
  });
}

/** The household's 授信 consent: in force (granted, not revoked) or not, and since when. */
export async function creditConsentOf(prisma: PrismaClient, uscc: string): Promise<{ consent: boolean; grantedAt: Date | null }> {
  const row = await prisma.creditConsent.findUnique({ where: { uscc } });
  return row && row.revokedAt === null ? { consent: true, grantedAt: row.grantedAt } : { consent: false, grantedAt: null };
}

export interface ReachRow {
  uscc: string;
  trade_name: string | null;
  county: string;
  industry_code: string;
  type: string;
  categories: string[];
  credit_rating: string | null;
  policy_id: string;
  first_matched_at: Date;
  uptake: string | null;
}

/**
 * The households a department's current matches reach (docs/policy.md#p-policy-reach), in USCC order after
 * `after`, optionally by type, tax credit rating (the rating of the run's data year) and county.
 */
export async function reachOf(
  pool: pg.Pool, filter: { policyIds: string[]; type?: string; creditRating?: string; county?: string; year: number; after?: string; limit: number },
): Promise<ReachRow[]> {
  const { rows } = await pool.query<ReachRow>(
    `SELECT m.uscc, b.trade_name, b.county, b.industry_code, m.explanation->>'type' AS type,
       ARRAY(SELECT json_array_elements_text(m.explanation->'categories')) AS categories, t.credit_rating, m.policy_id, m.first_matched_at, m.uptake
     FROM policy_match m JOIN business b ON b.uscc = m.uscc
     LEFT JOIN tax_record t ON t.uscc = m.uscc AND t.tax_year = $2
     WHERE m.policy_id = ANY($1::text[]) AND m.ended_at IS NULL
       AND ($3::text IS NULL OR m.explanation->>'type' = $3) AND ($4::text IS NULL OR t.credit_rating = $4) AND ($5::text IS NULL OR b.county = $5)
       AND m.uscc > $6
     ORDER BY m.uscc, m.policy_id LIMIT $7`,
    [filter.policyIds, filter.year - 1, filter.type ?? null, filter.creditRating ?? null, filter.county ?? null, filter.after ?? '', filter.limit],
  );
  return rows;
}

export interface CreditRow {
  uscc: string;
  trade_name: string | null;
  county: string;
  industry_code: string;
  type: string | null;
  categories: string[];
  consented_at: Date;
}

/**
 * What a financial institution sees (docs/policy.md#p-credit-consent): households with a consent in force
 * that the published run types 成长型 or 发展型, or that hold a 名特优新 label in force — type and
 * category only, never tax or social-insurance values.
 */
export async function creditCandidates(pool: pg.Pool, filter: { runId: string; date: string; county?: string; after?: string; limit: number }): Promise<CreditRow[]> {
  const { rows } = await pool.query<CreditRow>(
    `SELECT c.uscc, b.trade_name, b.county, b.industry_code, r.type,
       coalesce((SELECT array_agg(DISTINCT l.category ORDER BY l.category) FROM category_label l
                 WHERE l.uscc = c.uscc AND l.status = ANY($3::text[]) AND l.valid_until >= $2::date), '{}') AS categories,
       c.granted_at AS consented_at
     FROM credit_consent c JOIN business b ON b.uscc = c.uscc
     LEFT JOIN typing_result r ON r.run_id = $1 AND r.uscc = c.uscc
     WHERE c.revoked_at IS NULL AND c.uscc > $4 AND ($5::text IS NULL OR b.county = $5)
       AND (r.type IN ('G', 'D') OR EXISTS (SELECT 1 FROM category_label l WHERE l.uscc = c.uscc AND l.status = ANY($3::text[]) AND l.valid_until >= $2::date))
     ORDER BY c.uscc LIMIT $6`,
    [filter.runId, filter.date, LABELS_IN_FORCE, filter.after ?? '', filter.county ?? null, filter.limit],
  );
  return rows;
}
