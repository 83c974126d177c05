// The 名特优新 category labels in the directory (one per USCC and year): ingested on designation, their
// status and validity kept as the designation workflow decides. Every change audited.
import type { PrismaClient } from '../prisma/client';
import { writeAudit } from './audit';

/** A designation's status and validity as its workflow decides (evaluation, extension, expiry); unchanged → no write. */
export async function recordDesignationStatus(prisma: PrismaClient, args: { uscc: string; year: number; status: string; validUntil: string; at: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.categoryLabel.findUniqueOrThrow({ where: { uscc_year: { uscc: args.uscc, year: args.year } } });
    const validUntil = new Date(args.validUntil);
    if (before.status === args.status && before.validUntil.getTime() === validUntil.getTime()) return;
    await tx.categoryLabel.update({ where: { uscc_year: { uscc: args.uscc, year: args.year } }, data: { status: args.status, validUntil } });
    await writeAudit(tx, {
      actorId: null, actorRole: 'SYSTEM', action: 'DESIGNATION_STATUS_CHANGED', targetType: 'category_label', targetId: `${args.year}-${args.uscc}`,
      before: { status: before.status, validUntil: before.validUntil.toISOString().slice(0, 10) }, after: { status: args.status, validUntil: args.validUntil, at: args.at },
    });
  });
}

/** The category label in the directory (docs/policy.md#p-confirm), valid for the designation years; an upsert. */
export async function ingestDesignation(prisma: PrismaClient, args: {
  applicationId: string; uscc: string; year: number; category: string; channel: string; recommenderDept: string | null;
  designatedOn: string; validUntil: string; batch: string;
}): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const data = {
      category: args.category, channel: args.channel, recommenderDept: args.recommenderDept, designatedOn: new Date(args.designatedOn),
      validUntil: new Date(args.validUntil), batch: args.batch, status: 'ACTIVE',
    };
    await tx.categoryLabel.upsert({ where: { uscc_year: { uscc: args.uscc, year: args.year } }, create: { uscc: args.uscc, year: args.year, ...data }, update: data });
    await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'CATEGORY_LABEL_INGESTED', targetType: 'application', targetId: args.applicationId, after: { ...data, uscc: args.uscc } });
  });
}

/** The category label of a USCC and year, or null. */
export const findCategoryLabel = (prisma: PrismaClient, uscc: string, year: number) =>
  prisma.categoryLabel.findUnique({ where: { uscc_year: { uscc, year } } });

/** Every category label of a household, newest year first. */
export const categoryLabelsOf = (prisma: PrismaClient, uscc: string) =>
  prisma.categoryLabel.findMany({ where: { uscc }, orderBy: { year: 'desc' } });
