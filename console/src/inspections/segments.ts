// The inspection plan's segments and outcomes as the console shows them. They mirror
// domain/supervision/draw.ts and api/contracts/inspections.ts, which the console cannot import: the draw
// module hashes with node:crypto, which has no place in a browser bundle.
export const SEGMENTS = ['CATEGORY', 'D', 'G', 'S', 'UNTYPED', 'RISK'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const SEGMENT_LABELS: Record<string, string> = { CATEGORY: '名特优新', D: '发展型', G: '成长型', S: '生存型', UNTYPED: '未分型', RISK: '风险（异常、近期处罚、投诉聚集）' };
export const OUTCOMES = ['未发现问题', '责令整改', '立案查处', '未找到'] as const;
export const PLAN_STATUS: Record<string, [string, string]> = { DRAFT: ['草稿', 'default'], FREEZING: ['冻结中', 'processing'], FROZEN: ['名单已冻结', 'blue'], DRAWN: ['已抽取', 'green'] };

export interface Plan {
  id: string; year: number; period: string; r0: number; multipliers: Record<string, number>; frequencyYears: number; riskComplaints: number; riskMonths: number;
  roster: Record<string, string[]>; seed: string; status: string; createdAt: string; frozenAt: string | null; populationSize: number | null; populationDigest: string | null; drawnAt: string | null;
}
export interface Inspection { uscc: string; tradeName: string | null; county: string; segment: string; outcome: string | null; outcomeAt: string | null; inspectors?: string[] }

/** Drawn households per segment, in the segments' order (a segment with none shows 0). */
export function countBySegment(items: Array<{ segment: string }>): Array<{ segment: string; count: number }> {
  return SEGMENTS.map((segment) => ({ segment, count: items.filter((i) => i.segment === segment).length }));
}

/** The ratio a segment is drawn at: r0 × its multiplier, capped at 1 as the draw caps it. */
export const ratioOf = (r0: number, multiplier: number) => Math.min(1, r0 * multiplier);
export const percent = (x: number) => `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
