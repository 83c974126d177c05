// What a principal may see of tax and social-insurance data (docs/policy.md#p-roles-visibility: visible to county, city
// and provincial AMR, to auditors, and to a household about itself — never to 市场监管所 staff or any
// other role). One redaction per principal, applied where each response is built. The rule is keyed
// by the *feature*, not by the department a value is labelled with: a corrected 纳税额 (relabelled
// 市场监管（复核更正）) is still 纳税额.
import type { CriterionResult } from '../domain/category/criteria';
import { TAX_GATE_REASONS, type GateResult } from '../domain/category/gate';
import type { Feature, FeatureName } from '../domain/typing/features';
import type { Role } from '../domain/roles';
import type { RecheckView } from '../messages/recheckMessages';
import type { Principal } from './auth';

export const HIDDEN = '（受限）';

/** Roles that see tax and social-insurance values (an allow-list: a new role sees nothing until added). */
const SEES_TAX_AND_SOCIAL_INSURANCE: readonly Role[] = ['HOUSEHOLD', 'COUNTY_AMR', 'CITY_AMR', 'PROVINCIAL_AMR', 'AUDITOR'];

/** Typing features that are tax or social-insurance values whatever their provenance (corrections included). */
export const RESTRICTED_FEATURES: ReadonlySet<string> = new Set<FeatureName>(['tax_paid', 'tax_credit_rating', 'employees']);
/** Revenue is restricted when it is the tax office's invoiced sales (not the annual report's, nor a verified correction). */
const fromTaxOffice = (f: Feature<unknown> | undefined) => !!f?.field?.startsWith('TAX.');
/** Application-form fields of those sources. */
export const RESTRICTED_FORM_FIELDS: ReadonlySet<string> = new Set(['taxPaid', 'insuredEmployees']);
/** Criteria decided from those sources (Y6: insured employees two years running). */
export const RESTRICTED_CRITERIA: ReadonlySet<string> = new Set(['Y6']);
/** Gate refusals decided from those sources (N7: tax credit D or abnormal taxpayer). */
export const RESTRICTED_GATE_CODES: ReadonlySet<string> = new Set(['N7']);

export interface Redaction {
  /** Whether a typing feature's value is hidden (given the feature, for revenue's source). */
  hidesFeature(name: string, feature?: Feature<unknown>): boolean;
  formField<T extends { field: string; value: unknown }>(field: T): T;
  criteria<T extends Pick<CriterionResult, 'code' | 'evidence'>>(criteria: T[] | null): T[] | null;
  gate<T extends GateResult | null>(gate: T): T;
  /** Free texts that may quote a gate refusal (an application's history notes). */
  text(text: string): string;
  recheck(view: RecheckView): RecheckView | RedactedRecheckView;
  application<T extends { gate: unknown; criteria: unknown; history: Array<{ note?: string }> }>(view: T): T;
}

/** A recheck as a restricted viewer gets it: hidden values are the marker. */
export type RedactedRecheckView = Omit<RecheckView, 'disputed' | 'decisions'> & {
  disputed: Array<Omit<RecheckView['disputed'][number], 'claimedValue'> & { claimedValue: number | typeof HIDDEN }>;
  decisions: Array<Omit<NonNullable<RecheckView['decisions']>[number], 'value'> & { value?: number | typeof HIDDEN }> | null;
};

const NOTHING_HIDDEN: Redaction = {
  hidesFeature: () => false,
  formField: (f) => f,
  criteria: (c) => c,
  gate: (g) => g,
  text: (t) => t,
  recheck: (v) => v,
  application: (v) => v,
};

const TAX_HIDDEN: Redaction = {
  hidesFeature: (name, feature) => RESTRICTED_FEATURES.has(name) || (name === 'revenue' && fromTaxOffice(feature)),
  formField: (f) => (RESTRICTED_FORM_FIELDS.has(f.field) ? { ...f, value: HIDDEN } : f),
  criteria: (criteria) => criteria && criteria.map((c) => (RESTRICTED_CRITERIA.has(c.code) ? { ...c, evidence: HIDDEN } : c)),
  gate: (gate) => (gate && { ...gate, refusals: gate.refusals.map((r) => (RESTRICTED_GATE_CODES.has(r.code) ? { ...r, reason: HIDDEN } : r)) }),
  text: (text) => TAX_GATE_REASONS.reduce((t, reason) => t.replaceAll(reason, HIDDEN), text),
  recheck: (view) => ({
    ...view,
    disputed: view.disputed.map((d) => (RESTRICTED_FEATURES.has(d.feature) ? { ...d, claimedValue: HIDDEN } : d)),
    decisions: view.decisions && view.decisions.map((d) => (RESTRICTED_FEATURES.has(d.feature) && d.value !== undefined ? { ...d, value: HIDDEN } : d)),
  }),
  application(view) {
    return {
      ...view,
      gate: view.gate ? this.gate(view.gate as GateResult) : view.gate,
      criteria: Array.isArray(view.criteria) ? this.criteria(view.criteria as CriterionResult[]) : view.criteria,
      history: view.history.map((h) => (h.note === undefined ? h : { ...h, note: this.text(h.note) })),
    };
  },
};

/** The redaction that applies to `principal`'s responses. */
export function redactionFor(principal: Pick<Principal, 'role'>): Redaction {
  return SEES_TAX_AND_SOCIAL_INSURANCE.includes(principal.role) ? NOTHING_HIDDEN : TAX_HIDDEN;
}
