// The on-site score sheet (docs/policy.md#p-score: a placeholder default, versioned configuration): five
// sections with maximum points, two assessors scoring independently, a pass line and veto items.
export interface ScoreSection {
  code: 'A' | 'B' | 'C' | 'D' | 'E';
  label: string;
  max: number;
}

export interface ScoreSheet {
  version: string;
  sections: ScoreSection[];
  passLine: number;
}

export const DEFAULT_SCORE_SHEET: ScoreSheet = {
  version: '2025-default',
  sections: [
    { code: 'A', label: '合规与信用', max: 20 },
    { code: 'B', label: '经营绩效', max: 20 },
    { code: 'C', label: '类别特色', max: 30 },
    { code: 'D', label: '声誉与影响', max: 15 },
    { code: 'E', label: '社会贡献', max: 15 },
  ],
  passLine: 60,
};

export interface AssessorScore {
  assessorId: string;
  sections: Record<string, number>;
  veto: boolean;
  noConflictDeclared: boolean;
}

/** Problems with one assessor's sheet, in Chinese (empty when valid). */
export function scoreProblems(sheet: ScoreSheet, score: AssessorScore): string[] {
  const problems: string[] = [];
  if (!score.noConflictDeclared) problems.push('评分人须声明无利益冲突');
  for (const s of sheet.sections) {
    const v = score.sections[s.code];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > s.max) problems.push(`「${s.label}」得分须在 0–${s.max} 之间`);
  }
  const unknown = Object.keys(score.sections).filter((k) => !sheet.sections.some((s) => s.code === k));
  if (unknown.length) problems.push(`评分表中没有这些项目：${unknown.join('、')}`);
  return problems;
}

/** The applicant's score: the mean of the assessors' totals (two decimals); a veto by anyone fails it. */
export function combineScores(sheet: ScoreSheet, scores: AssessorScore[]): { total: number; passed: boolean; veto: boolean } {
  const totals = scores.map((s) => sheet.sections.reduce((sum, sec) => sum + (s.sections[sec.code] ?? 0), 0));
  const total = Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100;
  const veto = scores.some((s) => s.veto);
  return { total, passed: !veto && total >= sheet.passLine, veto };
}
