// 分型结构: the published typing of the year and of the year before, by county and industry section
// (year over year), one GROUP BY over both years' results.
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES, SECTION_NAMES } from './labels';
import { numeric, type StatView } from './table';

const COLUMNS = [
  { key: 'year', header: '年度', text: true },
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'industry', header: '行业门类', text: true, labels: SECTION_NAMES },
  { key: 'D', header: '发展型', sum: true },
  { key: 'G', header: '成长型', sum: true },
  { key: 'S', header: '生存型', sum: true },
  { key: 'UNTYPED', header: '未分型', sum: true },
  { key: 'total', header: '合计', sum: true },
] as const;

const SECTION = industrySectionSql('b.industry_code');

export const typeMixView: StatView = {
  key: 'type-mix',
  title: '分型结构（逐年）',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `SELECT c.year::text AS year, b.county, COALESCE(${SECTION}, '?') AS industry,
              count(*) FILTER (WHERE r.type = 'D') AS "D", count(*) FILTER (WHERE r.type = 'G') AS "G",
              count(*) FILTER (WHERE r.type = 'S') AS "S", count(*) FILTER (WHERE r.type = 'UNTYPED') AS "UNTYPED", count(*) AS total
         FROM cycle c JOIN typing_result r ON r.run_id = c.current_run_id JOIN business b ON b.uscc = r.uscc
        WHERE c.year IN ($1 - 1, $1) AND ($2::text IS NULL OR b.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3)
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
