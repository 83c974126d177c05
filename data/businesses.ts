// The households (business) and the published directory in PostgreSQL: a household's profile, its typing
// result with the run and ruleset that produced it, and the directory's rows by a filter — paged for the
// list, paged in 10 000s for the JSON/xlsx exports, or as one COPY stream for CSV.
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { PrismaClient } from '../prisma/client';
import { csvStream } from './bulkCopy';
import { directoryFrom, directorySelect } from './directoryColumns';

export const findBusiness = (prisma: PrismaClient, uscc: string) => prisma.business.findUnique({ where: { uscc } });

/** Trade names of the given households (unknown USCCs are absent). */
export const tradeNames = (prisma: PrismaClient, usccs: string[]) =>
  prisma.business.findMany({ where: { uscc: { in: usccs } }, select: { uscc: true, tradeName: true } });

/** The latest cycle whose labels are published. */
export const latestPublishedCycle = (prisma: PrismaClient) =>
  prisma.cycle.findFirst({ where: { currentRunId: { not: null } }, orderBy: { year: 'desc' } });

/** A run and the (unparsed) definition of the ruleset it typed with; throws when either is missing. */
export async function runAndRuleset(prisma: PrismaClient, runId: string) {
  const run = await prisma.typingRun.findUniqueOrThrow({ where: { id: runId } });
  const ruleset = await prisma.ruleset.findUniqueOrThrow({ where: { id: run.rulesetId } });
  return { run, definition: ruleset.definition as unknown };
}

/** What the directory may be filtered by (validated upstream: enums and digits). */
export interface DirectoryFilter { type?: string; county?: string; industry?: string }

const WHERE = `r.run_id = $1 AND ($2::text IS NULL OR r.type = $2) AND ($3::text IS NULL OR b.county = $3)
  AND ($4::text IS NULL OR b.industry_code LIKE $4 || '%')`;
const filterParams = (runId: string, f: DirectoryFilter) => [runId, f.type ?? null, f.county ?? null, f.industry ?? null];

export interface DirectoryRow { uscc: string; trade_name: string; county: string; industry_code: string; type: string }

/** Up to `limit` directory rows of the run after `after`, by USCC. */
export async function directoryPage(pool: pg.Pool, runId: string, f: DirectoryFilter, after: string, limit: number): Promise<DirectoryRow[]> {
  const { rows } = await pool.query<DirectoryRow>(
    `SELECT r.uscc, b.trade_name, b.county, b.industry_code, r.type FROM typing_result r JOIN business b ON b.uscc = r.uscc
     WHERE ${WHERE} AND r.uscc > $5 ORDER BY r.uscc LIMIT $6`,
    [...filterParams(runId, f), after, limit],
  );
  return rows;
}

/** The export's rows in USCC order, a page at a time (each row keyed by DIRECTORY_COLUMNS and the raw codes). */
export async function* directoryExportPages(pool: pg.Pool, year: number, runId: string, f: DirectoryFilter) {
  let after = '';
  for (;;) {
    const { rows } = await pool.query(
      `SELECT ${directorySelect('key')}, r.type AS "typeCode", l.category AS "categoryCode", l.channel AS "channelCode", l.status AS "labelStatusCode"
       FROM ${directoryFrom(year)} WHERE ${WHERE} AND r.uscc > $5 ORDER BY r.uscc LIMIT 10000`,
      [...filterParams(runId, f), after],
    );
    yield rows as Array<Record<string, string | null>>;
    if (rows.length < 10000) return;
    after = rows.at(-1)!.uscc;
  }
}

/**
 * The export as one CSV COPY stream (Chinese headers, formula-neutralised): `consume` opens it when it is
 * ready to write, on a pooled connection that is released when `consume` settles.
 */
export async function withDirectoryCsv(pool: pg.Pool, year: number, runId: string, f: DirectoryFilter, consume: (openCsv: () => Readable) => Promise<void>): Promise<void> {
  // COPY takes no parameters; every value here was validated by the contract (enums, digits) or read from the database.
  const literal = (v: string | undefined) => (v === undefined ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
  const where = WHERE.replace('$1', literal(runId)).replace(/\$2/g, literal(f.type)).replace(/\$3/g, literal(f.county)).replace(/\$4/g, literal(f.industry));
  const sql = `SELECT ${directorySelect('header')} FROM ${directoryFrom(year)} WHERE ${where} ORDER BY r.uscc`;
  const client = await pool.connect();
  try {
    await consume(() => csvStream(client, sql));
  } finally {
    client.release();
  }
}

export const findBusinessOrThrow = (prisma: PrismaClient, uscc: string) => prisma.business.findUniqueOrThrow({ where: { uscc } });
