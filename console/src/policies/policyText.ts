// A policy's target and extra conditions in Chinese, as people read them in the catalogue; the codes'
// labels come from the domain, where the policy and the rule language are defined.
import { CATEGORIES } from '@domain/category/categories';
import { POLICY_AREAS, POLICY_MODES, UPTAKE_STATUSES } from '@domain/policies/policy';
import { COUNTIES } from '@domain/roles';
import { FEATURE_LABELS } from '@domain/typing/explain';
import type { Expr } from '@domain/typing/ruleset';
import { TYPE_LABELS } from '../labels';

export { POLICY_AREAS, POLICY_MODES, UPTAKE_STATUSES };

export interface Policy {
  id: string; code: string; version: string; department: string; title: string; legalBasis: string; area: string;
  target: Target; conditions: Conditions | null; benefit: string; mode: 'AUTO' | 'APPLY'; contact: string; placeholder: boolean;
  status: 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN' | 'SUPERSEDED'; validFrom: string | null; validTo: string | null;
  createdBy: string | null; createdAt: string; approvedBy: string | null; publishedAt: string | null; withdrawnAt: string | null; withdrawReason: string | null;
}
export interface Target { types?: string[]; categories?: string[]; specialGroups?: string[]; industries?: string[]; counties?: string[] }
export interface Conditions { params?: Record<string, number>; predicates?: Record<string, Expr>; when: Expr }

export const POLICY_STATUS: Record<Policy['status'], [string, string]> = {
  DRAFT: ['草稿', 'default'], PUBLISHED: ['已发布', 'green'], WITHDRAWN: ['已撤回', 'red'], SUPERSEDED: ['已被新版本替代', 'default'],
};
/** Departments that issue policies (the catalogue's filter also offers any other department it holds). */
export const DEPARTMENTS = ['市场监管', '税务', '人社', '金融', '商务', '文旅', '农业农村', '经信'];

const category = (c: string) => (c === 'ANY' ? '任一名特优新类别' : ((CATEGORIES as Record<string, string>)[c] ?? c));
const county = (c: string) => (COUNTIES as Record<string, string>)[c] ?? c;

/** One line per restricted list; an empty target reaches every household. */
export function targetLines(t: Target): string[] {
  const out: string[] = [];
  if (t.types?.length) out.push(`分型：${t.types.map((x) => TYPE_LABELS[x] ?? x).join('、')}`);
  if (t.categories?.length) out.push(`名特优新：${t.categories.map(category).join('、')}`);
  if (t.specialGroups?.length) out.push(`特殊群体：${t.specialGroups.join('、')}`);
  if (t.industries?.length) out.push(`行业（GB/T 4754 代码前缀）：${t.industries.map((p) => `${p}*`).join('、')}`);
  if (t.counties?.length) out.push(`县（市、区）：${t.counties.map(county).join('、')}`);
  return out.length ? out : ['面向全部个体工商户'];
}

const feature = (f: string) => (FEATURE_LABELS as Record<string, string>)[f] ?? f;

/** The conditions' expression as indented Chinese lines, parameters replaced by their values. */
export function conditionLines(c: Conditions): string[] {
  const out: string[] = [];
  const walk = (e: Expr, depth: number) => {
    const pad = '  '.repeat(depth);
    if ('all' in e) {
      out.push(`${pad}以下全部满足：`);
      e.all.forEach((x) => walk(x, depth + 1));
    } else if ('any' in e) {
      out.push(`${pad}以下任一满足：`);
      e.any.forEach((x) => walk(x, depth + 1));
    } else if ('not' in e) {
      out.push(`${pad}不存在以下情形：`);
      walk(e.not, depth + 1);
    } else if ('ref' in e) {
      out.push(`${pad}${e.ref === 'good_reputation' ? '良好商誉' : e.ref}：`);
      const named = c.predicates?.[e.ref];
      if (named) walk(named, depth + 1);
    } else if ('flag' in e) {
      out.push(`${pad}${feature(e.flag)}`);
    } else if ('in' in e) {
      out.push(`${pad}${feature(e.feature)} 属于 ${e.in.join('/')}`);
    } else {
      const value = c.params?.[e.param];
      out.push(`${pad}${feature(e.feature)} ${e.op === '>=' ? '≥' : '<'} ${value === undefined ? e.param : value.toLocaleString('zh-CN')}`);
    }
  };
  walk(c.when, 0);
  return out;
}
