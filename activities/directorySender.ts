// Who carries an upward report (docs/policy.md#p-type-directory) to the provincial/national directory. The interface is a
// placeholder until the provincial API spec is obtained, so the sender is pluggable; the default only
// keeps the written file and says so (WRITTEN): a report is SUBMITTED only when an endpoint took it.
import type { PrismaClient } from '../prisma/client';
import { recordReportOutcome } from '../data/directorySubmissions';

export interface DirectoryReport {
  kind: 'NATIONAL_TYPING' | 'CATEGORY_INTAKE';
  year: number;
  file: string;
  rows: number;
  sha256: string;
}

export interface SendOutcome {
  status: 'WRITTEN' | 'SUBMITTED' | 'ACKNOWLEDGED';
  /** The receiver's reference for the report, when it gave one. */
  reference?: string;
}

export interface DirectorySender {
  /** Recorded on the submission, so one can tell which channel a report went through. */
  name: string;
  send(report: DirectoryReport): Promise<SendOutcome>;
}

/** The default: the file is written for an official to upload; nothing is claimed beyond that. */
export const fileOnlySender: DirectorySender = {
  name: 'file',
  async send() {
    return { status: 'WRITTEN' };
  },
};

/** Offers a recorded report to the sender and records what the sender could vouch for. */
export async function deliverReport(
  prisma: PrismaClient, sender: DirectorySender, s: { id: string; kind: string; year: number; file: string; rows: number; sha256: string },
): Promise<string> {
  const outcome = await sender.send({ kind: s.kind as DirectoryReport['kind'], year: s.year, file: s.file, rows: s.rows, sha256: s.sha256 });
  if (outcome.status === 'WRITTEN') return 'WRITTEN';
  await recordReportOutcome(prisma, s, sender.name, outcome);
  return outcome.status;
}
