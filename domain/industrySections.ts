// GB/T 4754-2017 sections (门类): each letter and the 2-digit divisions (大类) it spans. Industry
// codes in the business register are 4-digit classes (小类); their first two digits are the division.

export const INDUSTRY_SECTIONS = [
  { letter: 'A', label: '农、林、牧、渔业', from: 1, to: 5 },
  { letter: 'B', label: '采矿业', from: 6, to: 12 },
  { letter: 'C', label: '制造业', from: 13, to: 43 },
  { letter: 'D', label: '电力、热力、燃气及水生产和供应业', from: 44, to: 46 },
  { letter: 'E', label: '建筑业', from: 47, to: 50 },
  { letter: 'F', label: '批发和零售业', from: 51, to: 52 },
  { letter: 'G', label: '交通运输、仓储和邮政业', from: 53, to: 60 },
  { letter: 'H', label: '住宿和餐饮业', from: 61, to: 62 },
  { letter: 'I', label: '信息传输、软件和信息技术服务业', from: 63, to: 65 },
  { letter: 'J', label: '金融业', from: 66, to: 69 },
  { letter: 'K', label: '房地产业', from: 70, to: 70 },
  { letter: 'L', label: '租赁和商务服务业', from: 71, to: 72 },
  { letter: 'M', label: '科学研究和技术服务业', from: 73, to: 75 },
  { letter: 'N', label: '水利、环境和公共设施管理业', from: 76, to: 79 },
  { letter: 'O', label: '居民服务、修理和其他服务业', from: 80, to: 82 },
  { letter: 'P', label: '教育', from: 83, to: 83 },
  { letter: 'Q', label: '卫生和社会工作', from: 84, to: 85 },
  { letter: 'R', label: '文化、体育和娱乐业', from: 86, to: 90 },
  { letter: 'S', label: '公共管理、社会保障和社会组织', from: 91, to: 96 },
  { letter: 'T', label: '国际组织', from: 97, to: 97 },
] as const;

/** The section letter of a 4-digit (or 2-digit) industry code; null when it is not one. */
export function industrySection(code: string): string | null {
  const division = /^\d{2}/.test(code) ? Number(code.slice(0, 2)) : NaN;
  return INDUSTRY_SECTIONS.find((s) => division >= s.from && division <= s.to)?.letter ?? null;
}

/** The same mapping as a SQL expression over `column` (constants only: no input reaches it). */
export function industrySectionSql(column: string): string {
  const division = `substr(${column}, 1, 2)::int`;
  const cases = INDUSTRY_SECTIONS.map((s) => `WHEN ${division} BETWEEN ${s.from} AND ${s.to} THEN '${s.letter}'`).join(' ');
  return `CASE WHEN ${column} ~ '^[0-9]{2}' THEN CASE ${cases} END END`;
}
