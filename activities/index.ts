// All activities the worker registers, built from their dependencies.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { createCycleActivities } from './cycleActivities';
import { createTypingActivities } from './typingActivities';

export function createActivities(prisma: PrismaClient, pool: pg.Pool) {
  return { ...createCycleActivities(prisma), ...createTypingActivities(prisma, pool) };
}
