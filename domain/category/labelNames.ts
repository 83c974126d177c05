// The Chinese names of a 名特优新 label's channel and status, as officials read them in exports and reports.
export const CHANNEL_NAMES = { SELF: '自主申报', RECOMMENDED: '部门推荐' } as const;
export const LABEL_STATUS_NAMES = { ACTIVE: '有效', UNDER_EVALUATION: '复评中', EXTENDED: '已延续', EXPIRED: '已到期', REVOKING: '撤销程序中', REVOKED: '已撤销' } as const;
