// Side effects of the annual cycle workflow: the cycle read model and its audit trail.
import type { CyclePhase, ProgrammeCalendar } from '../domain/programmeCalendar';
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

export interface PhaseRecord {
  year: number;
  workflowId: string;
  phase: CyclePhase;
  at: string;
  calendar: ProgrammeCalendar;
}

export function createCycleActivities(prisma: PrismaClient) {
  return {
    /** Idempotent: a retried activity finds the phase change already recorded and writes nothing. */
    async recordCyclePhase(record: PhaseRecord): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const before = await tx.cycle.findUnique({ where: { year: record.year } });
        const already = await tx.cyclePhaseChange.findUnique({ where: { year_phase: { year: record.year, phase: record.phase } } });
        if (already) return;
        await tx.cycle.upsert({
          where: { year: record.year },
          create: { year: record.year, workflowId: record.workflowId, phase: record.phase, calendar: record.calendar },
          update: { phase: record.phase, calendar: record.calendar },
        });
        await tx.cyclePhaseChange.create({ data: { year: record.year, phase: record.phase, at: new Date(record.at) } });
        await writeAudit(tx, {
          actorId: null,
          actorRole: 'SYSTEM',
          action: 'CYCLE_PHASE_CHANGED',
          targetType: 'cycle',
          targetId: String(record.year),
          before: before ? { phase: before.phase } : null,
          after: { phase: record.phase, at: record.at },
        });
      });
    },
  };
}

export type CycleActivities = ReturnType<typeof createCycleActivities>;
