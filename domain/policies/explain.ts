// "Why does this policy reach me?" in Chinese (docs/policy.md#p-policy-matching): each target list the
// policy restricts, with the household's value that met it, then the extra conditions' trace lines.
import { CATEGORIES, type CategoryCode } from '../category/categories';
import { COUNTIES, type CountyCode } from '../roles';
import type { TraceNode } from '../typing/evaluate';
import { lines } from '../typing/explain';
import { TYPE_LABELS } from '../typing/ruleset';
import type { MatchExplanation, PolicyTarget } from './policy';

const typeLabel = (t: string) => TYPE_LABELS[t as keyof typeof TYPE_LABELS] ?? t;
const categoryLabel = (c: string) => (c === 'ANY' ? '任一名特优新类别' : (CATEGORIES[c as CategoryCode] ?? c));
const countyLabel = (c: string) => COUNTIES[c as CountyCode] ?? c;

export function explainMatch(target: PolicyTarget, why: MatchExplanation, conditions: TraceNode | null, hide: (feature: string) => boolean = () => false): string[] {
  const out: string[] = [];
  if (target.types.length === 0 && target.categories.length === 0 && target.specialGroups.length === 0 && target.industries.length === 0 && target.counties.length === 0) {
    out.push('✓ 面向全部个体工商户');
  }
  if (target.types.length > 0) out.push(`✓ 分型为${typeLabel(why.type)}（政策面向：${target.types.map(typeLabel).join('、')}）`);
  if (target.categories.length > 0) out.push(`✓ 名特优新认定：${why.categories.map(categoryLabel).join('、')}（政策面向：${target.categories.map(categoryLabel).join('、')}）`);
  if (target.specialGroups.length > 0) out.push(`✓ 经营者属于${why.groups.filter((g) => target.specialGroups.includes(g)).join('、')}（政策面向：${target.specialGroups.join('、')}）`);
  if (target.industries.length > 0) out.push(`✓ 行业代码 ${why.industry}（政策面向 GB/T 4754：${target.industries.map((p) => `${p}*`).join('、')}）`);
  if (target.counties.length > 0) out.push(`✓ 所在地：${countyLabel(why.county)}（政策面向：${target.counties.map(countyLabel).join('、')}）`);
  if (conditions) {
    out.push(`${conditions.result ? '✓' : '✗'} 附加条件`);
    lines(conditions, 1, out, hide);
  }
  return out;
}
