// 存续与退出: the households of the year's published typing by type and by age at the run's reference
// date (years since establishment, in bands), and how many have since left the register — cancelled
// (注销), revoked (吊销) or suspended (歇业) by the register's current status. The register keeps no
// cancellation date, so this is "of those typed that year, how many are gone now".
import { industrySectionSql } from '../../domain/industrySections';
import { TYPE_NAMES } from './labels';
import { numeric, publishedTyping, rate, type StatView } from './table';

export const AGE_BANDS = { A0: '不足1年', A1: '1-3年', A3: '3-5年', A5: '5-10年', A10: '10年及以上' } as const;

const COLUMNS = [
  { key: 'type', header: '类型', text: true, labels: TYPE_NAMES },
  { key: 'ageBand', header: '经营年限', text: true, labels: AGE_BANDS },
  { key: 'households', header: '户数', sum: true },
  { key: 'cancelled', header: '已注销', sum: true },
  { key: 'revoked', header: '已吊销', sum: true },
  { key: 'suspended', header: '歇业', sum: true },
  { key: 'exitRate', header: '退出率（注销+吊销）' },
  { key: 'avgAgeYears', header: '平均经营年限（年）' },
] as const;

export const survivalView: StatView = {
  key: 'survival',
  title: '存续与退出',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH typed AS (${publishedTyping(industrySectionSql)}),
       aged AS (SELECT type, status, (reference_date - established_on) / 365.25 AS age FROM typed)
       SELECT type, CASE WHEN age < 1 THEN 'A0' WHEN age < 3 THEN 'A1' WHEN age < 5 THEN 'A3' WHEN age < 10 THEN 'A5' ELSE 'A10' END AS "ageBand",
              count(*) AS households, count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
              count(*) FILTER (WHERE status = 'REVOKED') AS revoked, count(*) FILTER (WHERE status = 'SUSPENDED') AS suspended,
              ${rate(`count(*) FILTER (WHERE status IN ('CANCELLED', 'REVOKED'))`, 'count(*)')} AS "exitRate",
              round(avg(age)::numeric, 2) AS "avgAgeYears"
         FROM aged GROUP BY 1, 2 ORDER BY 1, min(age)`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
