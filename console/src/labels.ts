// Chinese labels for codes the API returns, taken from the domain where it defines them.
import { APPLICATION_STATUSES, CATEGORIES } from '@domain/category/categories';
import { PHASE_LABELS } from '@domain/programmeCalendar';
import { COUNTIES, ROLES } from '@domain/roles';

export { APPLICATION_STATUSES, CATEGORIES, COUNTIES, PHASE_LABELS, ROLES };

export const countyName = (code: string | null | undefined) => (code ? (COUNTIES as Record<string, string>)[code] ?? code : '全市');
export const roleName = (code: string) => (ROLES as Record<string, string>)[code] ?? code;

export const TASK_KIND_LABELS: Record<string, string> = {
  APPLICATION_REVIEW: '县级审核',
  SITE_VISIT_SCORE: '实地走访评分',
  OBJECTION_ACCEPTANCE: '异议受理',
  OBJECTION_VERIFICATION: '异议核查',
  OBJECTION_BATCH_ACCEPTANCE: '异议受理（本公示期全部异议）',
  OBJECTION_BATCH_VERIFICATION: '异议核查（已受理的异议）',
  CITY_CONFIRMATION: '市级确认名单',
  CITY_CONFIRMATION_PREPARE: '市级确认名单（第一签：制作并冻结）',
  CITY_CONFIRMATION_APPROVAL: '市级确认名单（第二签：审批）',
  DESIGNATION_EVALUATION: '认定期满评价',
  REVOCATION_DECISION: '撤销认定决定',
  APPEAL_REVIEW: '申诉复核',
  RECHECK_VERIFY: '分型复核核实',
};

export const TASK_STATUS_LABELS: Record<string, string> = { OPEN: '待办', COMPLETED: '已办结', SENT_BACK: '已退回', CANCELLED: '已取消', EXPIRED: '已过期' };

export const TYPE_LABELS: Record<string, string> = { D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型' };
export const TYPE_COLORS: Record<string, string> = { D: 'green', G: 'blue', S: 'orange', UNTYPED: 'default' };

export const FEATURE_LABELS: Record<string, string> = { revenue: '营业收入（元）', employees: '从业人数', tax_paid: '纳税额（元）' };

export const formatTime = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '—');
export const formatDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—');

export { workingDaysLeft } from './workingDays';

/** Audit actions as the case view's timeline reads them (unknown ones show their code). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  APPLICATION_SUBMITTED: '提交申请', APPLICATION_STATUS_CHANGED: '申请状态变更', APPLICATION_WITHDRAWN: '撤回申请', CATEGORY_LABEL_INGESTED: '认定结果入库',
  TASK_OPENED: '生成待办', TASK_CLAIMED: '认领', TASK_UNCLAIMED: '退回认领', TASK_COMPLETED: '办理完成', TASK_SENT_BACK: '退回上一步',
  TASK_REASSIGNED: '改派', TASK_DELEGATED: '委托', TASK_COMMENTED: '批注', TASK_CANCELLED: '待办取消', TASK_EXPIRED: '待办过期', TASK_ESCALATED: '逾期督办',
  OBJECTION_RECEIVED: '收到异议', OBJECTION_NOT_ACCEPTED: '异议不予受理', OBJECTION_UPHELD: '异议成立', OBJECTION_DISMISSED: '异议不成立',
};
