// All activities the worker registers, built from their dependencies.
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { createApplicationActivities } from './applicationActivities';
import { createBaseListActivities } from './baseListActivities';
import { createCalendarActivities } from './calendarActivities';
import { createCategoryRulesActivities } from './categoryRulesActivities';
import { createCycleActivities } from './cycleActivities';
import { createDesignationActivities } from './designationActivities';
import type { DirectorySender } from './directorySender';
import { createMailer, type MailConfig } from './mailer';
import { createNotificationActivities } from './notificationActivities';
import { createPolicyMatchingActivities } from './policyMatchingActivities';
import { createRecheckActivities } from './recheckActivities';
import { createReminderActivities } from './reminderActivities';
import { createSelectionActivities } from './selectionActivities';
import { createTaskActivities } from './taskActivities';
import { createTypingActivities } from './typingActivities';

export interface ActivityConfig {
  /** Where directory exports are written. */
  exportDir: string;
  mail: MailConfig;
  /** Who carries the upward reports (default: write the file only, WRITTEN). */
  directorySender?: DirectorySender;
}

export function createActivities(prisma: PrismaClient, pool: pg.Pool, config: ActivityConfig) {
  const send = createMailer(config.mail);
  const notifications = createNotificationActivities(prisma, send);
  return {
    ...createCycleActivities(prisma, pool, config.exportDir, config.directorySender), ...createTypingActivities(prisma, pool), ...createRecheckActivities(prisma), ...createTaskActivities(prisma, pool),
    ...createApplicationActivities(prisma, pool), ...createSelectionActivities(prisma, pool), ...notifications, ...createCalendarActivities(), ...createCategoryRulesActivities(prisma),
    ...createPolicyMatchingActivities(prisma, pool, send), ...createDesignationActivities(prisma, pool), ...createBaseListActivities(prisma, pool, notifications.notify),
    ...createReminderActivities(prisma, pool, send),
  };
}
