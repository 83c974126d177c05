// 吸纳就业: insured employees (社保参保人数, the data year = the year before) of the households in the
// year's published typing, by county and type.
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES, TYPE_NAMES } from './labels';
import { numeric, publishedTyping, type StatView } from './table';

const COLUMNS = [
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'type', header: '类型', text: true, labels: TYPE_NAMES },
  { key: 'households', header: '户数', sum: true },
  { key: 'employing', header: '有参保职工户数', sum: true, restricted: true },
  { key: 'insuredEmployees', header: '参保职工人数', sum: true, restricted: true },
  { key: 'avgInsured', header: '户均参保人数', restricted: true },
] as const;

export const employmentView: StatView = {
  key: 'employment',
  title: '吸纳就业',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH typed AS (${publishedTyping(industrySectionSql)})
       SELECT t.county, t.type, count(*) AS households, count(*) FILTER (WHERE si.insured_employees > 0) AS employing,
              COALESCE(sum(si.insured_employees), 0) AS "insuredEmployees",
              round(COALESCE(sum(si.insured_employees), 0)::numeric / count(*), 2) AS "avgInsured"
         FROM typed t LEFT JOIN social_insurance si ON si.uscc = t.uscc AND si.year = $1 - 1
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
