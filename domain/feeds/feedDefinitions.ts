// The department feeds of domain.md §5–6: which department owns each, its row schema, and how a
// valid row maps onto the data-pool table (the natural key decides what "the same row" means).
import { z } from 'zod';
import { usccDivisionCode } from '../uscc';
import * as f from './fields';

/** Values handed to the database; `operatorIdHash` is filled by the ingester (it needs the key). */
export type FeedColumns = Record<string, string | number | boolean | null | string[]>;

export interface FeedDefinition {
  name: string;
  label: string;
  department: string;
  table: string;
  /** Natural key: a row with the same key replaces the stored one if its values differ. */
  key: string[];
  row: z.ZodType<Record<string, unknown>>;
  toColumns(row: Record<string, unknown>, hashId: (id: string) => string): FeedColumns;
}

const STATUS: Record<string, string> = { 存续: 'ACTIVE', 歇业: 'SUSPENDED', 注销: 'CANCELLED', 吊销: 'REVOKED' };
const status = z.preprocess((v) => (typeof v === 'string' && v in STATUS ? STATUS[v] : v), z.enum(['ACTIVE', 'SUSPENDED', 'CANCELLED', 'REVOKED']));
const industry = z.string().regex(/^\d{4}$/, '行业代码应为4位 GB/T 4754 小类代码');

const define = <S extends z.ZodObject>(d: Omit<FeedDefinition, 'row' | 'toColumns'> & { row: S; toColumns: (row: z.output<S>, hashId: (id: string) => string) => FeedColumns }) =>
  d as unknown as FeedDefinition;

export const FEEDS: FeedDefinition[] = [
  define({
    name: 'registration', label: '登记注册信息', department: '市场监管', table: 'business', key: ['uscc'],
    row: z.object({
      uscc: f.uscc, tradeName: f.optionalText, operatorName: f.optionalText, operatorIdNumber: f.optionalIdNumber,
      operationForm: z.preprocess((v) => (v === '' ? null : v), z.enum(['个人经营', '家庭经营']).nullable().optional()),
      establishedOn: f.date, industryCode: industry, status, specialGroups: f.list.optional(),
    }),
    toColumns: (r, hashId) => ({
      uscc: r.uscc, trade_name: r.tradeName, operator_name: r.operatorName, operator_id_hash: r.operatorIdNumber ? hashId(r.operatorIdNumber) : null,
      operation_form: r.operationForm ?? null, established_on: r.establishedOn, county: usccDivisionCode(r.uscc), industry_code: r.industryCode,
      status: r.status, special_groups: r.specialGroups ?? [],
    }),
  }),
  define({
    name: 'annual-reports', label: '年度报告', department: '市场监管', table: 'annual_report', key: ['uscc', 'report_year'],
    row: z.object({ uscc: f.uscc, reportYear: f.year, submittedOn: f.date, revenue: f.optionalMoney, employeesCount: f.optionalCount, taxTotal: f.optionalMoney }),
    toColumns: (r) => ({ uscc: r.uscc, report_year: r.reportYear, submitted_on: r.submittedOn, revenue: r.revenue, employees_count: r.employeesCount, tax_total: r.taxTotal }),
  }),
  define({
    name: 'abnormal-marks', label: '经营异常状态标记', department: '市场监管', table: 'abnormal_mark', key: ['uscc', 'marked_on', 'reason'],
    row: z.object({ uscc: f.uscc, reason: z.enum(['未按期年报', '通过登记场所无法联系', '隐瞒真实情况/弄虚作假']), markedOn: f.date, restoredOn: f.optionalDate }),
    toColumns: (r) => ({ uscc: r.uscc, reason: r.reason, marked_on: r.markedOn, restored_on: r.restoredOn }),
  }),
  define({
    name: 'penalties', label: '行政处罚', department: '市场监管', table: 'administrative_penalty', key: ['decision_no'],
    row: z.object({
      decisionNo: f.text, uscc: f.uscc, decidedOn: f.date, authority: f.text, measures: f.list.pipe(z.array(z.string()).min(1, '处罚种类不能为空')),
      fineAmount: f.optionalMoney, domain: z.enum(['food', 'drug', 'special_equipment', 'other']), publicUntil: f.optionalDate, creditRepairedOn: f.optionalDate,
    }),
    toColumns: (r) => ({
      decision_no: r.decisionNo, uscc: r.uscc, decided_on: r.decidedOn, authority: r.authority, measures: r.measures, fine_amount: r.fineAmount,
      domain: r.domain, public_until: r.publicUntil, credit_repaired_on: r.creditRepairedOn,
    }),
  }),
  define({
    name: 'serious-dishonest', label: '严重违法失信名单', department: '市场监管', table: 'serious_dishonest_listing', key: ['uscc', 'listed_on'],
    row: z.object({ uscc: f.uscc, listedOn: f.date, removedOn: f.optionalDate, basis: f.optionalText }),
    toColumns: (r) => ({ uscc: r.uscc, listed_on: r.listedOn, removed_on: r.removedOn, basis: r.basis }),
  }),
  define({
    name: 'tax', label: '纳税信息', department: '税务', table: 'tax_record', key: ['uscc', 'tax_year'],
    row: z.object({
      uscc: f.uscc, taxYear: f.year, taxPaidTotal: f.optionalMoney, invoicedSales: f.optionalMoney,
      creditRating: z.preprocess((v) => (v === '' ? null : v), z.enum(['A', 'B', 'M', 'C', 'D']).nullable().optional()), abnormalTaxpayer: f.bool.optional(),
    }),
    toColumns: (r) => ({ uscc: r.uscc, tax_year: r.taxYear, tax_paid_total: r.taxPaidTotal, invoiced_sales: r.invoicedSales, credit_rating: r.creditRating ?? null, abnormal_taxpayer: r.abnormalTaxpayer ?? false }),
  }),
  define({
    name: 'social-insurance', label: '社会保险参保信息', department: '人社', table: 'social_insurance', key: ['uscc', 'year'],
    row: z.object({ uscc: f.uscc, year: f.year, insuredEmployees: f.count }),
    toColumns: (r) => ({ uscc: r.uscc, year: r.year, insured_employees: r.insuredEmployees }),
  }),
  define({
    name: 'court-dishonest', label: '失信被执行人', department: '法院', table: 'court_dishonest', key: ['case_no'],
    row: z.object({ caseNo: f.text, operatorIdNumber: f.idNumber, court: f.text, listedOn: f.date, removedOn: f.optionalDate }),
    toColumns: (r, hashId) => ({ case_no: r.caseNo, operator_id_hash: hashId(r.operatorIdNumber), court: r.court, listed_on: r.listedOn, removed_on: r.removedOn }),
  }),
];

export const FEED_NAMES = FEEDS.map((d) => d.name) as [string, ...string[]];
export const feedByName = (name: string) => FEEDS.find((d) => d.name === name);
