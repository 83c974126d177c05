// The reminders' mail text (Chinese, for the household). Written into the outbox by one INSERT … SELECT
// per batch (data/reminders.ts), so the body is a PostgreSQL format() template with positional arguments
// (`%1$s` …); `fillTemplate` is the same substitution in TypeScript (tests, previews). Subjects carry no
// personal data; the body names the business by its USCC only.

export interface MailTemplate {
  subject: string;
  /** format() template; the arguments are listed in `args`, in order. */
  body: string;
  args: readonly string[];
}

export const CREDIT_REPAIR_MAIL: MailTemplate = {
  subject: '【信用修复提醒】您的行政处罚信息已可申请信用修复',
  body: [
    '统一社会信用代码 %1$s：',
    '您的行政处罚（决定书文号 %2$s，%3$s 由%4$s作出）自 %5$s 起已满最短公示期，可以申请信用修复。',
    '修复条件：已履行行政处罚决定规定的义务；已主动消除危害后果和不良社会影响；未再受到同类行政处罚；未被标记为经营异常状态或列入严重违法失信名单。',
    '办理途径：登录“信用中国”网站（www.creditchina.gov.cn）或“国家企业信用信息公示系统”（www.gsxt.gov.cn）在线提交信用修复申请，也可向作出处罚决定的部门咨询。信用修复不收取任何费用。',
    '该处罚信息的公示期至 %6$s。修复完成后，下一次分型和“名特优新”资格审查将不再计入该处罚。',
  ].join('\n'),
  args: ['uscc', 'decisionNo', 'decidedOn', 'authority', 'repairableOn', 'publicUntil'],
};

export const ANNUAL_REPORT_MAIL: MailTemplate = {
  subject: '【年报提醒】请于6月30日前报送个体工商户年度报告',
  body: [
    '统一社会信用代码 %1$s：',
    '%2$s 年度分型时，系统未查到您按时报送的 %3$s 年度报告，您因此未参加分型（未分型：未报送年度报告），也无法享受按类型匹配的帮扶政策。',
    '请于 %4$s 前登录“国家企业信用信息公示系统”（www.gsxt.gov.cn）报送 %5$s 年度报告，报送免费。按时报送后，您将参加下一次分型；逾期未报送的，将被标记为经营异常状态。',
  ].join('\n'),
  args: ['uscc', 'typingYear', 'missedReportYear', 'deadline', 'reportYear'],
};

/** The template with its arguments, as PostgreSQL's format() fills it (`%n$s` only, `%%` for %). */
export function fillTemplate(template: string, values: readonly string[]): string {
  return template.replace(/%(\d+)\$s|%%/g, (match, n: string | undefined) => (n === undefined ? '%' : values[Number(n) - 1] ?? ''));
}
