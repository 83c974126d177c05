// Versions of the 名特优新 rules (docs/policy.md#p-category-rules): the seeded default, the ACTIVE one a new
// cycle takes, and the lifecycle transitions, each in one transaction with its audit entry.
import { DEFAULT_CATEGORY_RULES, rulesOf, type CategoryRules, type CategoryRulesRef } from '../domain/category/categoryRules';
import { Prisma, type PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export const DEFAULT_CATEGORY_RULES_VERSION = '2025-default';
export const DEFAULT_CATEGORY_RULES_ID = `MTYX@${DEFAULT_CATEGORY_RULES_VERSION}`;
export const categoryRulesId = (version: string) => `MTYX@${version}`;

/** Serialises activations (and the default's installation): the later one retires the earlier. */
const ACTIVATION_LOCK = 'category_rule_set_activation';

type Tx = Prisma.TransactionClient;
const lock = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ACTIVATION_LOCK}))`;

/**
 * The ACTIVE version, installing today's defaults as ACTIVE when none is (a fresh system behaves as it
 * did before rules were versioned). Administrators replace it through the category-rules API.
 */
export async function activeCategoryRules(prisma: PrismaClient): Promise<{ ref: CategoryRulesRef; rules: CategoryRules }> {
  const row = await prisma.$transaction(async (tx) => {
    const found = await tx.categoryRuleSet.findFirst({ where: { status: 'ACTIVE' } });
    if (found) return found;
    await lock(tx);
    const active = await tx.categoryRuleSet.findFirst({ where: { status: 'ACTIVE' } });
    if (active) return active;
    const now = new Date();
    const installed = await tx.categoryRuleSet.upsert({
      where: { id: DEFAULT_CATEGORY_RULES_ID },
      create: {
        id: DEFAULT_CATEGORY_RULES_ID, version: DEFAULT_CATEGORY_RULES_VERSION, status: 'ACTIVE', definition: toJson(DEFAULT_CATEGORY_RULES),
        note: '系统默认规则（与版本化之前的内置默认值一致）', approvedAt: now, activatedAt: now,
      },
      update: { status: 'ACTIVE', activatedAt: now, retiredAt: null },
    });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_RULES_ACTIVATED', targetType: 'category_rules', targetId: DEFAULT_CATEGORY_RULES_ID, after: { status: 'ACTIVE', reason: '系统默认名特优新规则' } });
    return installed;
  });
  return { ref: { id: row.id, version: row.version }, rules: rulesOf(row.definition) };
}

export type CategoryRuleSetRow = Awaited<ReturnType<PrismaClient['categoryRuleSet']['findUniqueOrThrow']>>;
type Actor = { id: string; role: string; requestId?: string };

/** One version, or null. */
export const findCategoryRules = (prisma: PrismaClient, id: string): Promise<CategoryRuleSetRow | null> => prisma.categoryRuleSet.findUnique({ where: { id } });

/** Every version, newest first. */
export const listCategoryRuleSets = (prisma: PrismaClient): Promise<CategoryRuleSetRow[]> =>
  prisma.categoryRuleSet.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });

export class CategoryRulesStateError extends Error {
  constructor(readonly code: 'NOT_DRAFT' | 'NOT_APPROVED' | 'CHANGED', readonly status: string | null) {
    super(code);
  }
}

export async function draftCategoryRules(prisma: PrismaClient, args: { version: string; definition: CategoryRules; note?: string }, actor: Actor): Promise<CategoryRuleSetRow | null> {
  const id = categoryRulesId(args.version);
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.categoryRuleSet.create({ data: { id, version: args.version, status: 'DRAFT', definition: toJson(args.definition), note: args.note ?? null, createdBy: actor.id } });
      await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'CATEGORY_RULES_DRAFTED', targetType: 'category_rules', targetId: id, after: { version: args.version, definition: args.definition, note: args.note ?? null }, requestId: actor.requestId });
      return row;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null; // the version exists
    throw error;
  }
}

/** DRAFT → APPROVED; the caller has checked the approver is not the drafter. */
export async function approveCategoryRules(prisma: PrismaClient, id: string, actor: Actor): Promise<CategoryRuleSetRow> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.categoryRuleSet.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'APPROVED', approvedBy: actor.id, approvedAt: new Date() } });
    if (count === 0) throw new CategoryRulesStateError('NOT_DRAFT', (await tx.categoryRuleSet.findUnique({ where: { id } }))?.status ?? null);
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'CATEGORY_RULES_APPROVED', targetType: 'category_rules', targetId: id, before: { status: 'DRAFT' }, after: { status: 'APPROVED' }, requestId: actor.requestId });
    return tx.categoryRuleSet.findUniqueOrThrow({ where: { id } });
  });
}

/**
 * APPROVED → ACTIVE, retiring the version ACTIVE until now, atomically. Activations are serialised, so
 * of two concurrent ones the later wins (and retires the earlier); the partial unique index backs this.
 */
export async function activateCategoryRules(prisma: PrismaClient, id: string, actor: Actor): Promise<{ row: CategoryRuleSetRow; retired: string[] }> {
  return prisma.$transaction(async (tx) => {
    await lock(tx);
    const row = await tx.categoryRuleSet.findUnique({ where: { id } });
    if (row?.status !== 'APPROVED') throw new CategoryRulesStateError('NOT_APPROVED', row?.status ?? null);
    const now = new Date();
    const previous = await tx.categoryRuleSet.findMany({ where: { status: 'ACTIVE' }, select: { id: true } });
    await tx.categoryRuleSet.updateMany({ where: { status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: now } });
    const activated = await tx.categoryRuleSet.update({ where: { id, status: 'APPROVED' }, data: { status: 'ACTIVE', activatedBy: actor.id, activatedAt: now } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'CATEGORY_RULES_ACTIVATED', targetType: 'category_rules', targetId: id, before: { active: previous.map((p) => p.id) }, after: { active: id }, requestId: actor.requestId });
    return { row: activated, retired: previous.map((p) => p.id) };
  });
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
