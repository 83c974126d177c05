// The columns of the directory export (docs/policy.md#p-type-directory): the typing label and the 名特优新 label in force
// for the year. One list for CSV and xlsx, so the two formats cannot drift apart; values are what an
// official reads (Chinese names, ISO dates), and a business without a 名特优新 label has empty cells.
import { CATEGORIES } from '../domain/category/categories';
import { CHANNEL_NAMES, LABEL_STATUS_NAMES } from '../domain/category/labelNames';

const caseOf = (column: string, names: Record<string, string>) =>
  `CASE ${column} ${Object.entries(names).map(([code, name]) => `WHEN '${code}' THEN '${name}'`).join(' ')} ELSE ${column} END`;

export const DIRECTORY_COLUMNS = [
  { key: 'uscc', header: '统一社会信用代码', sql: 'r.uscc', width: 22 },
  { key: 'tradeName', header: '字号', sql: 'b.trade_name', width: 24 },
  { key: 'county', header: '县市区代码', sql: 'b.county', width: 10 },
  { key: 'industryCode', header: '行业代码', sql: 'b.industry_code', width: 10 },
  { key: 'typeLabel', header: '类型', sql: `CASE r.type WHEN 'D' THEN '发展型' WHEN 'G' THEN '成长型' WHEN 'S' THEN '生存型' ELSE '未分型' END`, width: 8 },
  { key: 'category', header: '名特优新类别', sql: caseOf('l.category', CATEGORIES), width: 10 },
  { key: 'channel', header: '认定渠道', sql: caseOf('l.channel', CHANNEL_NAMES), width: 10 },
  { key: 'recommenderDept', header: '推荐部门', sql: 'l.recommender_dept', width: 12 },
  { key: 'designatedOn', header: '认定日期', sql: `to_char(l.designated_on, 'YYYY-MM-DD')`, width: 12 },
  { key: 'validUntil', header: '有效期至', sql: `to_char(l.valid_until, 'YYYY-MM-DD')`, width: 12 },
  { key: 'designationBatch', header: '认定批次', sql: 'l.batch', width: 16 },
  { key: 'labelStatus', header: '标签状态', sql: caseOf('l.status', LABEL_STATUS_NAMES), width: 10 },
] as const;

/**
 * The typing results joined with their business and the latest 名特优新 label awarded up to `year`
 * (its status says whether it is still in force); a revoked label is withdrawn from the directory
 * (docs/policy.md#p-designation-revocation). `year` is a validated integer, inlined because COPY
 * takes no parameters.
 */
export const directoryFrom = (year: number) => {
  if (!Number.isInteger(year)) throw new Error(`unexpected year ${year}`);
  return `typing_result r JOIN business b ON b.uscc = r.uscc
    LEFT JOIN LATERAL (SELECT * FROM category_label cl WHERE cl.uscc = r.uscc AND cl.year <= ${year} AND cl.status <> 'REVOKED' ORDER BY cl.year DESC LIMIT 1) l ON true`;
};

/**
 * A CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe, so it is shown as the text it is. xlsx cells are typed text and need no such guard.
 */
const neutralised = (sql: string) => `CASE WHEN (${sql}) ~ '^[=+@\t\r-]' THEN '''' || (${sql}) ELSE (${sql}) END`;

/** The SELECT list: for CSV named by the Chinese header and formula-neutralised, otherwise by key and as stored. */
export const directorySelect = (name: 'header' | 'key') =>
  DIRECTORY_COLUMNS.map((c) => `${name === 'header' ? neutralised(c.sql) : c.sql} AS "${c[name]}"`).join(', ');
