// Principals (staff and household accounts) as other processes read them: who a mail goes to, a name by id.
import type { PrismaClient } from '../prisma/client';

/** Filter of principals a notification addresses: a role (in a county), a household's accounts, or one id. */
export type RecipientFilter = { role: string; county?: string } | { role: 'HOUSEHOLD'; uscc: string } | { id: string };

/** The enabled principals with an e-mail address that match, by id. */
export const mailRecipients = (prisma: PrismaClient, filter: RecipientFilter) =>
  prisma.principal.findMany({ where: { ...filter, disabled: false, email: { not: null } }, orderBy: { id: 'asc' } });

export const findPrincipal = (prisma: PrismaClient, id: string) => prisma.principal.findUnique({ where: { id } });

/** Display names of the given principals (unknown ids are absent). */
export const principalNames = (prisma: PrismaClient, ids: string[]) =>
  prisma.principal.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
