// 活跃度 of the households in the year's published typing, by county and type, over the data year (the
// year before, as the typing reads it): an annual report for it submitted by June 30 of the year
// (on time), tax activity (tax paid or invoiced sales above zero), and active = either.
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES, TYPE_NAMES } from './labels';
import { numeric, publishedTyping, rate, type StatView } from './table';

const COLUMNS = [
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'type', header: '类型', text: true, labels: TYPE_NAMES },
  { key: 'households', header: '户数', sum: true },
  { key: 'reportedOnTime', header: '按时年报户数', sum: true },
  { key: 'reportedOnTimeRate', header: '按时年报率' },
  { key: 'taxActive', header: '纳税活跃户数', sum: true, restricted: true },
  { key: 'taxActiveRate', header: '纳税活跃率', restricted: true },
  { key: 'active', header: '活跃户数', sum: true, restricted: true },
  { key: 'activeRate', header: '活跃率', restricted: true },
] as const;

export const activityView: StatView = {
  key: 'activity',
  title: '活跃度',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH typed AS (${publishedTyping(industrySectionSql)}),
       -- One row per household and data year (the tables' keys), so these joins never multiply rows.
       flags AS (
         SELECT t.county, t.type, a.uscc IS NOT NULL AS on_time, x.uscc IS NOT NULL AS tax
           FROM typed t
           LEFT JOIN annual_report a ON a.uscc = t.uscc AND a.report_year = $1 - 1 AND a.submitted_on <= make_date($1, 6, 30)
           LEFT JOIN tax_record x ON x.uscc = t.uscc AND x.tax_year = $1 - 1 AND (x.tax_paid_total > 0 OR x.invoiced_sales > 0))
       SELECT county, type, count(*) AS households,
              count(*) FILTER (WHERE on_time) AS "reportedOnTime", ${rate('count(*) FILTER (WHERE on_time)', 'count(*)')} AS "reportedOnTimeRate",
              count(*) FILTER (WHERE tax) AS "taxActive", ${rate('count(*) FILTER (WHERE tax)', 'count(*)')} AS "taxActiveRate",
              count(*) FILTER (WHERE on_time OR tax) AS active, ${rate('count(*) FILTER (WHERE on_time OR tax)', 'count(*)')} AS "activeRate"
         FROM flags GROUP BY county, type ORDER BY county, type`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
