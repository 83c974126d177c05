// The four 名特优新 categories (docs/policy.md#p-cat-categories) and the states of an application (docs/policy.md#p-cat-states).
export const CATEGORIES = { MING: '知名', TE: '特色', YOU: '优质', XIN: '新兴' } as const;
export type CategoryCode = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as [CategoryCode, ...CategoryCode[]];

export const APPLICATION_STATUSES = {
  SUBMITTED: '已申报',
  RECOMMENDED: '部门推荐',
  GATE_PASSED: '资格审查通过，待县级审核',
  REJECTED_GATE: '资格审查未通过',
  COUNTY_REVIEW: '县级审核中',
  REJECTED_REVIEW: '县级审核未通过',
  SITE_VISIT: '实地走访评分中',
  SCORED: '已评分，待排名',
  SHORTLISTED: '拟入选',
  NOT_SELECTED: '未入选',
  IN_PUBLICITY: '公示中',
  OBJECTION_RAISED: '公示期有异议，核查中',
  OBJECTION_UPHELD: '异议成立，取消入选',
  AWAITING_CONFIRMATION: '公示期满，待市级确认',
  CONFIRMED: '市级已确认',
  INGESTED: '已入库',
  DESIGNATED: '已认定',
  NOT_DESIGNATED: '未认定',
  WITHDRAWN: '已撤回',
  APPEAL_REVIEW: '申诉复核中',
} as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** States in which nothing more happens to the application. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['REJECTED_GATE', 'REJECTED_REVIEW', 'OBJECTION_UPHELD', 'DESIGNATED', 'NOT_DESIGNATED', 'WITHDRAWN'];

/** Final states after which the household may declare again in the same year (while the window is open). */
export const REOPENABLE_STATUSES: readonly ApplicationStatus[] = ['REJECTED_GATE', 'WITHDRAWN'];
