// All activities the worker registers, built from their dependencies.
import type { PrismaClient } from '../prisma/client';
import { createCycleActivities } from './cycleActivities';

export function createActivities(prisma: PrismaClient) {
  return { ...createCycleActivities(prisma) };
}
