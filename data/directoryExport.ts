// The directory export (docs/policy.md#p-type-directory): the year's labels as CSV for the provincial/national
// directory, written as CSV (COPY … TO STDOUT) and fingerprinted, plus a submission record.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { csvStream } from './bulkCopy';

const LABELS_SQL = `
SELECT r.uscc AS "统一社会信用代码", $2::int AS "分型年度",
  CASE r.type WHEN 'D' THEN '发展型' WHEN 'G' THEN '成长型' WHEN 'S' THEN '生存型' ELSE '未分型' END AS "类型",
  coalesce(r.reason, '') AS "说明", t.ruleset_id AS "规则集版本", r.run_id AS "分型批次", to_char(t.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS "计算时间"
FROM typing_result r JOIN typing_run t ON t.id = r.run_id
WHERE r.run_id = '__RUN__' ORDER BY r.uscc`;

export async function exportDirectory(pool: pg.Pool, exportDir: string, year: number, runId: string): Promise<{ file: string; rows: number; sha256: string }> {
  mkdirSync(exportDir, { recursive: true });
  const file = path.join(exportDir, `directory-${year}-${runId}.csv`);
  const hash = createHash('sha256');
  let rows = -1; // the header line is not a row
  const client = await pool.connect();
  try {
    // COPY takes no parameters: the run id is checked to be a plain identifier and inlined.
    if (!/^[\w-]+$/.test(runId)) throw new Error(`unexpected run id ${runId}`);
    const sql = LABELS_SQL.replace('$2::int', String(year)).replace('__RUN__', runId);
    const source = csvStream(client, sql);
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        for (const byte of chunk) if (byte === 10) rows++;
        done(null, chunk);
      },
    });
    // A UTF-8 BOM so that spreadsheet software opens the Chinese header correctly.
    const out = createWriteStream(file);
    out.write('\ufeff');
    await pipeline(source, count, out);
  } finally {
    client.release();
  }
  return { file, rows, sha256: hash.digest('hex') };
}
