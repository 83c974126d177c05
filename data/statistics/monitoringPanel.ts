// 联系点 monitoring households (docs/policy.md#p-monitoring-panel): the county's chosen households of a
// year, each followed over every year with a published typing up to it — type, annual report on time,
// revenue (annual report), insured employees and tax paid (data year = the cycle year − 1).
import { industrySectionSql } from '../../domain/industrySections';
import { COUNTY_NAMES, TYPE_NAMES } from './labels';
import { numeric, type StatView } from './table';

const STATUS_NAMES = { ACTIVE: '存续', SUSPENDED: '歇业', CANCELLED: '注销', REVOKED: '吊销' };
const COLUMNS = [
  { key: 'uscc', header: '统一社会信用代码', text: true },
  { key: 'tradeName', header: '字号名称', text: true },
  { key: 'county', header: '县（市、区）', text: true, labels: COUNTY_NAMES },
  { key: 'reason', header: '选定理由', text: true },
  { key: 'status', header: '登记状态（当前）', text: true, labels: STATUS_NAMES },
  { key: 'year', header: '年度', text: true },
  { key: 'type', header: '类型', text: true, labels: TYPE_NAMES },
  { key: 'reportedOnTime', header: '按时年报（1=是）' },
  { key: 'revenue', header: '年报营业收入（元）' },
  { key: 'insuredEmployees', header: '参保职工人数', restricted: true },
  { key: 'taxPaid', header: '纳税额（元）', restricted: true },
] as const;

const SECTION = industrySectionSql('b.industry_code');

export const monitoringPanelView: StatView = {
  key: 'panel',
  title: '联系点监测户',
  columns: COLUMNS,
  async run(db, f) {
    const { rows } = await db.query(
      `WITH years AS (SELECT year, current_run_id AS run FROM cycle WHERE year <= $1 AND current_run_id IS NOT NULL)
       SELECT m.uscc, b.trade_name AS "tradeName", m.county, m.reason, b.status, y.year::text AS year, COALESCE(r.type, 'NONE') AS type,
              (ar.submitted_on IS NOT NULL AND ar.submitted_on <= make_date(y.year, 6, 30))::int AS "reportedOnTime",
              ar.revenue, si.insured_employees AS "insuredEmployees", tx.tax_paid_total AS "taxPaid"
         FROM monitoring_point m JOIN business b ON b.uscc = m.uscc CROSS JOIN years y
         LEFT JOIN typing_result r ON r.run_id = y.run AND r.uscc = m.uscc
         LEFT JOIN annual_report ar ON ar.uscc = m.uscc AND ar.report_year = y.year - 1
         LEFT JOIN social_insurance si ON si.uscc = m.uscc AND si.year = y.year - 1
         LEFT JOIN tax_record tx ON tx.uscc = m.uscc AND tx.tax_year = y.year - 1
        WHERE m.year = $1 AND m.removed_at IS NULL AND ($2::text IS NULL OR m.county = $2) AND ($3::text IS NULL OR ${SECTION} = $3)
        ORDER BY m.county, m.uscc, y.year`,
      [f.year, f.county, f.industry],
    );
    return numeric(rows, COLUMNS);
  },
};
