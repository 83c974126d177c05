// 类型迁移: each household's type in the year before against this year (published runs), as a matrix
// of counts; NONE is "not in that year's typing" (new or gone). Direction ranks S < G < D.
import { industrySectionSql } from '../../domain/industrySections';
import { TYPE_NAMES } from './labels';
import { numeric, type StatView } from './table';

const DIRECTIONS = { UP: '升级', DOWN: '降级', SAME: '不变', OTHER: '进出分型或未分型' } as const;
const COLUMNS = [
  { key: 'from', header: '上年类型', text: true, labels: TYPE_NAMES },
  { key: 'to', header: '本年类型', text: true, labels: TYPE_NAMES },
  { key: 'direction', header: '变化', text: true, labels: DIRECTIONS },
  { key: 'households', header: '户数', sum: true },
] as const;

const SECTION = industrySectionSql('b.industry_code');
const RANK = (t: string) => `CASE ${t} WHEN 'S' THEN 1 WHEN 'G' THEN 2 WHEN 'D' THEN 3 END`;

export const transitionsView: StatView = {
  key: 'transitions',
  title: '类型迁移矩阵',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH runs AS (SELECT year, current_run_id AS run FROM cycle WHERE year IN ($1 - 1, $1) AND current_run_id IS NOT NULL),
       pairs AS (
         SELECT COALESCE(prev.uscc, cur.uscc) AS uscc, COALESCE(prev.type, 'NONE') AS "from", COALESCE(cur.type, 'NONE') AS "to"
           FROM (SELECT r.uscc, r.type FROM typing_result r JOIN runs ON runs.run = r.run_id AND runs.year = $1 - 1) prev
           FULL JOIN (SELECT r.uscc, r.type FROM typing_result r JOIN runs ON runs.run = r.run_id AND runs.year = $1) cur ON cur.uscc = prev.uscc)
       SELECT p."from", p."to",
              CASE WHEN ${RANK('p."from"')} IS NULL OR ${RANK('p."to"')} IS NULL THEN 'OTHER'
                   WHEN ${RANK('p."to"')} > ${RANK('p."from"')} THEN 'UP' WHEN ${RANK('p."to"')} < ${RANK('p."from"')} THEN 'DOWN' ELSE 'SAME' END AS direction,
              count(*) AS households
         FROM pairs p JOIN business b ON b.uscc = p.uscc
        WHERE ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3)
        GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
