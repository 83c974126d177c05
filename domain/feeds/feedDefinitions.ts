// The department feeds (docs/policy.md#p-data-feeds): which department owns each, its row schema, and how a
// valid row maps onto the data-pool table (the natural key decides what "the same row" means).
import { z } from 'zod';
import { usccDivisionCode } from '../uscc';
import * as f from './fields';

/** Values handed to the database; `operatorIdHash` is filled by the ingester (it needs the key). */
export type FeedColumns = Record<string, string | number | boolean | null | string[]>;

export interface FeedDefinition {
  name: string;
  label: string;
  /** The departments that supply this feed (most have one; designations come from several). */
  departments: string[];
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
    name: 'registration', label: '登记注册信息', departments: ['市场监管'], table: 'business', key: ['uscc'],
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
    name: 'annual-reports', label: '年度报告', departments: ['市场监管'], table: 'annual_report', key: ['uscc', 'report_year'],
    row: z.object({ uscc: f.uscc, reportYear: f.year, submittedOn: f.date, revenue: f.optionalMoney, employeesCount: f.optionalCount, taxTotal: f.optionalMoney }),
    toColumns: (r) => ({ uscc: r.uscc, report_year: r.reportYear, submitted_on: r.submittedOn, revenue: r.revenue, employees_count: r.employeesCount, tax_total: r.taxTotal }),
  }),
  define({
    name: 'abnormal-marks', label: '经营异常状态标记', departments: ['市场监管'], table: 'abnormal_mark', key: ['uscc', 'marked_on', 'reason'],
    row: z.object({ uscc: f.uscc, reason: z.enum(['未按期年报', '通过登记场所无法联系', '隐瞒真实情况/弄虚作假']), markedOn: f.date, restoredOn: f.optionalDate }),
    toColumns: (r) => ({ uscc: r.uscc, reason: r.reason, marked_on: r.markedOn, restored_on: r.restoredOn }),
  }),
  define({
    name: 'penalties', label: '行政处罚', departments: ['市场监管'], table: 'administrative_penalty', key: ['decision_no'],
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
    name: 'serious-dishonest', label: '严重违法失信名单', departments: ['市场监管'], table: 'serious_dishonest_listing', key: ['uscc', 'listed_on'],
    row: z.object({ uscc: f.uscc, listedOn: f.date, removedOn: f.optionalDate, basis: f.optionalText }),
    toColumns: (r) => ({ uscc: r.uscc, listed_on: r.listedOn, removed_on: r.removedOn, basis: r.basis }),
  }),
  define({
    name: 'tax', label: '纳税信息', departments: ['税务'], table: 'tax_record', key: ['uscc', 'tax_year'],
    row: z.object({
      uscc: f.uscc, taxYear: f.year, taxPaidTotal: f.optionalMoney, invoicedSales: f.optionalMoney,
      creditRating: z.preprocess((v) => (v === '' ? null : v), z.enum(['A', 'B', 'M', 'C', 'D']).nullable().optional()), abnormalTaxpayer: f.bool.optional(),
    }),
    toColumns: (r) => ({ uscc: r.uscc, tax_year: r.taxYear, tax_paid_total: r.taxPaidTotal, invoiced_sales: r.invoicedSales, credit_rating: r.creditRating ?? null, abnormal_taxpayer: r.abnormalTaxpayer ?? false }),
  }),
  define({
    name: 'social-insurance', label: '社会保险参保信息', departments: ['人社'], table: 'social_insurance', key: ['uscc', 'year'],
    row: z.object({ uscc: f.uscc, year: f.year, insuredEmployees: f.count }),
    toColumns: (r) => ({ uscc: r.uscc, year: r.year, insured_employees: r.insuredEmployees }),
  }),
  define({
    name: 'court-dishonest', label: '失信被执行人', departments: ['法院'], table: 'court_dishonest', key: ['case_no'],
    row: z.object({ caseNo: f.text, operatorIdNumber: f.idNumber, court: f.text, listedOn: f.date, removedOn: f.optionalDate }),
    toColumns: (r, hashId) => ({ case_no: r.caseNo, operator_id_hash: hashId(r.operatorIdNumber), court: r.court, listed_on: r.listedOn, removed_on: r.removedOn }),
  }),
];

const DESIGNATION_KINDS = [
  '中华老字号', '省级老字号', '市级老字号', '百年老店', '非遗代表性传承人', '非遗工坊', '旅游民宿等级', '星级农家乐', '餐饮名店',
  '绿色食品', '有机产品', '名特优新农产品', '乡村工匠', '职业技能等级证书', '专业技术职称', '放心消费示范单位', '食品安全示范店',
  '小个专党建荣誉', '管理体系认证', '产品认证', '其他荣誉',
] as const;

FEEDS.push(
  define({
    name: 'finance', label: '金融信贷信息', departments: ['金融'], table: 'finance_profile', key: ['uscc', 'period'],
    row: z.object({
      uscc: f.uscc, period: z.string().regex(/^\d{4}-Q[1-4]$/, '期间格式应为 YYYY-Qn'), loanBalance: f.optionalMoney, creditLine: f.optionalMoney,
      firstLoan: f.bool.optional(), inDefault: f.bool.optional(),
    }),
    toColumns: (r) => ({ uscc: r.uscc, period: r.period, loan_balance: r.loanBalance, credit_line: r.creditLine, first_loan: r.firstLoan ?? false, in_default: r.inDefault ?? false }),
  }),
  define({
    name: 'ip-assets', label: '知识产权（商标、专利、地理标志、软件著作权）', departments: ['知识产权'], table: 'ip_asset', key: ['kind', 'reg_no'],
    row: z.object({
      kind: z.enum(['TRADEMARK', 'PATENT', 'GI', 'SOFTWARE']), regNo: f.text, uscc: f.uscc, holder: z.enum(['HOUSEHOLD', 'OPERATOR']), title: f.optionalText,
      classes: f.list.optional(), patentType: z.preprocess((v) => (v === '' ? null : v), z.enum(['发明', '实用新型', '外观设计']).nullable().optional()),
      status: z.enum(['有效', '失效', '审查中']), validUntil: f.optionalDate, giRelated: f.bool.optional(),
    }),
    toColumns: (r) => ({
      kind: r.kind, reg_no: r.regNo, uscc: r.uscc, holder: r.holder, title: r.title, classes: r.classes ?? [], patent_type: r.patentType ?? null,
      status: r.status, valid_until: r.validUntil, gi_related: r.giRelated ?? false,
    }),
  }),
  define({
    name: 'designations', label: '认定与荣誉（老字号、非遗、民宿等级、认证、技能等）', departments: ['商务', '文旅', '农业农村', '人社', '市场监管'], table: 'designation',
    key: ['uscc', 'kind', 'authority', 'awarded_on'],
    row: z.object({
      uscc: f.uscc, kind: z.enum(DESIGNATION_KINDS), level: z.enum(['国家', '省', '市', '县']), authority: f.text, awardedOn: f.date,
      validUntil: f.optionalDate, title: f.optionalText,
    }),
    toColumns: (r) => ({ uscc: r.uscc, kind: r.kind, level: r.level, authority: r.authority, awarded_on: r.awardedOn, valid_until: r.validUntil, title: r.title }),
  }),
  define({
    name: 'safety-accidents', label: '生产安全事故', departments: ['应急管理'], table: 'safety_accident', key: ['uscc', 'occurred_on', 'grade'],
    row: z.object({
      uscc: f.uscc, occurredOn: f.date, grade: z.enum(['特别重大', '重大', '较大', '一般']), deaths: f.count.optional(), seriousInjuries: f.count.optional(), directLoss: f.optionalMoney,
    }),
    toColumns: (r) => ({ uscc: r.uscc, occurred_on: r.occurredOn, grade: r.grade, deaths: r.deaths ?? 0, serious_injuries: r.seriousInjuries ?? 0, direct_loss: r.directLoss }),
  }),
  define({
    name: 'complaints', label: '投诉举报（12315）', departments: ['市场监管'], table: 'complaint', key: ['complaint_no'],
    row: z.object({ complaintNo: f.text, uscc: f.uscc, receivedOn: f.date, category: f.text, substantiated: z.preprocess((v) => (v === '' ? null : v), f.bool.nullable().optional()) }),
    toColumns: (r) => ({ complaint_no: r.complaintNo, uscc: r.uscc, received_on: r.receivedOn, category: r.category, substantiated: r.substantiated ?? null }),
  }),
);

export const feedByName = (name: string) => FEEDS.find((d) => d.name === name);
