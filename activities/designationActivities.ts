// Activities of a designation's workflow during its validity (docs/policy.md#p-designation-revocation): the grounds
// for revocation the data shows today, and the audit of the people's decisions in the procedure.
import type pg from 'pg';
import { readDesignationFacts } from '../data/designationFacts';
import { registrationGrounds, REVOKING_GATE_CODES, type RevocationConfig, type RevocationGround, type RevocationGroundCode } from '../domain/category/designation';
import { evaluateGate } from '../domain/category/gate';
import type { PrismaClient } from '../prisma/client';
import type { Actor } from '../messages/taskMessages';
import { writeAudit } from '../data/audit';

export function createDesignationActivities(prisma: PrismaClient, pool: pg.Pool) {
  return {
    /**
     * The grounds at `today` (the workflow's date): N1, N2, N4, N5 as the gate reads them, and the
     * register (deregistered, revoked, suspended over the limit). `recheckOn`: a suspension not yet over
     * the limit becomes a ground after this date.
     */
    async designationRevocationGrounds(args: { uscc: string; year: number; today: string; config: RevocationConfig }): Promise<{ grounds: RevocationGround[]; recheckOn: string | null }> {
      const facts = await readDesignationFacts(pool, args);
      if (!facts) return { grounds: [], recheckOn: null };
      const gate = evaluateGate(facts.gate, args.today, facts.gateConfig);
      const negative = gate.refusals
        .filter((r) => (REVOKING_GATE_CODES as readonly string[]).includes(r.code))
        .map((r) => ({ code: r.code as RevocationGroundCode, reason: r.reason }));
      const register = registrationGrounds(facts.registrationStatus, facts.registrationAsOf, args.today, args.config);
      return { grounds: [...negative, ...register.grounds], recheckOn: register.recheckOn };
    },

    /** A step of the revocation procedure, audited with who took it (null: the system). */
    async auditDesignation(args: { uscc: string; year: number; action: string; actor: Actor | null; after: unknown }): Promise<void> {
      await writeAudit(prisma, {
        actorId: args.actor?.id ?? null, actorRole: args.actor?.role ?? 'SYSTEM', action: args.action, targetType: 'category_label', targetId: `${args.year}-${args.uscc}`, after: args.after,
      });
    },
  };
}

export type DesignationActivities = ReturnType<typeof createDesignationActivities>;
