// All activities the worker registers, built from their dependencies.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { createCycleActivities } from './cycleActivities';
import { createRecheckActivities } from './recheckActivities';
import { createTypingActivities } from './typingActivities';

export interface ActivityConfig {
  /** Where directory exports are written. */
  exportDir: string;
}

export function createActivities(prisma: PrismaClient, pool: pg.Pool, config: ActivityConfig) {
  return { ...createCycleActivities(prisma, pool, config.exportDir), ...createTypingActivities(prisma, pool), ...createRecheckActivities(prisma) };
}
