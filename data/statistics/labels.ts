// Chinese labels of the codes the statistics group by (for the workbook; the API keeps the codes).
import { CATEGORIES } from '../../domain/category/categories';
import { INDUSTRY_SECTIONS } from '../../domain/industrySections';
import { COUNTIES } from '../../domain/roles';
import { TYPE_LABELS } from '../../domain/typing/ruleset';

export const TYPE_NAMES: Record<string, string> = { ...TYPE_LABELS, CATEGORY: '名特优新', NONE: '未纳入分型' };
export const COUNTY_NAMES: Record<string, string> = { ...COUNTIES, ALL: '全市' };
export const SECTION_NAMES: Record<string, string> = { ...Object.fromEntries(INDUSTRY_SECTIONS.map((s) => [s.letter, `${s.letter} ${s.label}`])), '?': '行业代码无法识别' };
export const CATEGORY_NAMES: Record<string, string> = { ...CATEGORIES };
