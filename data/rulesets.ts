// The embedded default: if no typing ruleset is ACTIVE, install the default ruleset (docs/policy.md#p-type-ruleset) as ACTIVE,
// so a fresh system can type on day one. Administrators replace it through the ruleset API.
import { DEFAULT_TYPING_RULESET } from '../domain/typing/ruleset';
import type { PrismaClient } from '../prisma/client';
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
