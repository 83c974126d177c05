// The embedded default: if no typing ruleset is ACTIVE, install the default ruleset (docs/policy.md#p-type-ruleset) as ACTIVE,
// so a fresh system can type on day one. Administrators replace it through the ruleset API.
import { DEFAULT_TYPING_RULESET } from '../domain/typing/ruleset';
import type { Prisma, PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export const DEFAULT_RULESET_ID = 'HB-TYPING@2025.07-default';

export async function ensureDefaultRuleset(prisma: PrismaClient): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const active = await tx.ruleset.findFirst({ where: { family: 'TYPING', status: 'ACTIVE' }, orderBy: { activatedAt: 'desc' } });
    if (active) return active.id;
    const now = new Date();
    await tx.ruleset.upsert({
      where: { id: DEFAULT_RULESET_ID },
      create: {
        id: DEFAULT_RULESET_ID, family: 'TYPING', code: 'HB-TYPING', version: '2025.07-default', status: 'ACTIVE',
        definition: DEFAULT_TYPING_RULESET, owner: '湖北省市场监管局', approvedAt: now, activatedAt: now,
      },
      update: { status: 'ACTIVE', activatedAt: now, retiredAt: null },
    });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'RULESET_ACTIVATED', targetType: 'ruleset', targetId: DEFAULT_RULESET_ID, after: { status: 'ACTIVE', reason: '系统默认规则集' } });
    return DEFAULT_RULESET_ID;
  });
}

/** A ruleset's stored definition (unparsed JSON); throws when there is no such ruleset. */
export async function rulesetDefinition(prisma: PrismaClient, id: string): Promise<unknown> {
  return (await prisma.ruleset.findUniqueOrThrow({ where: { id } })).definition;
}

export type RulesetRow = Awaited<ReturnType<PrismaClient['ruleset']['findUniqueOrThrow']>>;

/** Who changes a ruleset, for its audit entry. */
export interface RulesetActor { id: string; role: string; requestId: string }

export const findRuleset = (prisma: PrismaClient, id: string) => prisma.ruleset.findUnique({ where: { id } });

export const rulesetsNewestFirst = (prisma: PrismaClient) => prisma.ruleset.findMany({ orderBy: { createdAt: 'desc' } });

/** A new DRAFT typing ruleset, audited; an id taken already throws Prisma's unique violation (P2002). */
export async function draftRuleset(
  prisma: PrismaClient,
  actor: RulesetActor,
  draft: { id: string; code: string; version: string; definition: Prisma.InputJsonValue; owner: string },
): Promise<RulesetRow> {
  return prisma.$transaction(async (tx) => {
    const r = await tx.ruleset.create({ data: { id: draft.id, family: 'TYPING', code: draft.code, version: draft.version, status: 'DRAFT', definition: draft.definition, owner: draft.owner, createdBy: actor.id } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'RULESET_DRAFTED', targetType: 'ruleset', targetId: draft.id, after: { definition: draft.definition }, requestId: actor.requestId });
    return r;
  });
}

/** DRAFT → APPROVED, audited; a ruleset no longer DRAFT throws Prisma's P2025. */
export async function approveRuleset(prisma: PrismaClient, actor: RulesetActor, id: string): Promise<RulesetRow> {
  return prisma.$transaction(async (tx) => {
    const u = await tx.ruleset.update({ where: { id, status: 'DRAFT' }, data: { status: 'APPROVED', approvedBy: actor.id, approvedAt: new Date() } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'RULESET_APPROVED', targetType: 'ruleset', targetId: id, before: { status: 'DRAFT' }, after: { status: 'APPROVED' }, requestId: actor.requestId });
    return u;
  });
}

/**
 * APPROVED → ACTIVE, the family's previous ACTIVE ones RETIRED, audited, in one transaction. Only from
 * APPROVED (else P2025); the partial unique index (one ACTIVE per family) refuses a concurrent second
 * activation (P2002).
 */
export async function activateRuleset(prisma: PrismaClient, actor: RulesetActor, r: { id: string; family: string }): Promise<RulesetRow> {
  return prisma.$transaction(async (tx) => {
    const previous = await tx.ruleset.findMany({ where: { family: r.family, status: 'ACTIVE' } });
    await tx.ruleset.updateMany({ where: { family: r.family, status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: new Date() } });
    // Only from APPROVED; the partial unique index (one ACTIVE per family) refuses a concurrent second activation.
    const u = await tx.ruleset.update({ where: { id: r.id, status: 'APPROVED' }, data: { status: 'ACTIVE', activatedAt: new Date() } });
    await writeAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'RULESET_ACTIVATED', targetType: 'ruleset', targetId: r.id, before: { active: previous.map((x) => x.id) }, after: { active: r.id }, requestId: actor.requestId });
    return u;
  });
}
