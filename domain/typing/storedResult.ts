// Compact storage of a typing result's explanation: the features (value, field, department, as-of
// date, corrector) and the leaf outcomes of the trace as a bit string per type condition ("1101|01").
// A million rows are written per run, so the features are stored positionally: each feature is
// [value, field code, source index] (0 when missing), and each source's provenance
// [department, as-of, corrector?] is written once per row. About 190 bytes instead of 640.
import type { TraceNode, TypingOutcome } from './evaluate';
import type { Feature, FeatureName, Features } from './features';

/** The order of the positional encoding; append only (stored rows depend on it). */
const NAMES: FeatureName[] = [
  'status', 'annual_report_on_time', 'age_months', 'revenue', 'employees', 'tax_paid', 'abnormal_marked_now',
  'unrepaired_penalty_months_ago', 'on_serious_dishonest_list', 'operator_court_dishonest', 'tax_credit_rating',
];
const FLAGS = new Set<FeatureName>(['annual_report_on_time', 'abnormal_marked_now', 'on_serious_dishonest_list', 'operator_court_dishonest']);

/** Source fields by code; append only. A field not listed is stored by name. */
const FIELDS = [
  'AMR.registration_status', 'AMR.annual_report', 'AMR.established_on', 'TAX.invoiced_or_declared_sales', 'AMR.annual_report.revenue',
  'HRSS.insured_employees_count', 'AMR.annual_report.employees_count−1', 'TAX.tax_paid_total', 'AMR.abnormal_mark', 'AMR.administrative_penalty',
  'AMR.serious_dishonest_list', 'COURT.dishonest_judgment_debtor', 'TAX.credit_rating', 'CORRECTION.revenue', 'CORRECTION.employees', 'CORRECTION.tax_paid',
];
const FIELD_CODES = new Map(FIELDS.map((f, i) => [f, i]));

type Value = number | string | boolean;
type Source = [department: string, asOf: string, correctedBy?: string];
export interface StoredFeatures {
  f: Array<[value: Value, field: number | string | null, source: number | null] | 0>;
  s: Source[];
}
/** The first format (rows written before the positional one): feature name → [value, field, department, as-of, corrector?]. */
type StoredFeaturesV1 = Partial<Record<FeatureName, [Value, string | null, string | null, string | null, string?]>>;

export function encodeFeatures(features: Features): StoredFeatures {
  const sources: Source[] = [];
  const keys: string[] = [];
  const f = NAMES.map((name): StoredFeatures['f'][number] => {
    const feature = features[name] as Feature<Value>;
    if (feature.value === null || (feature.value === false && !feature.provenance)) return 0;
    let source: number | null = null;
    const p = feature.provenance;
    if (p) {
      const key = `${p.department}|${p.asOf}|${p.correctedBy ?? ''}`;
      source = keys.indexOf(key);
      if (source < 0) {
        source = keys.push(key) - 1;
        sources.push(p.correctedBy ? [p.department, p.asOf, p.correctedBy] : [p.department, p.asOf]);
      }
    }
    const field = feature.field === null ? null : (FIELD_CODES.get(feature.field) ?? feature.field);
    return [feature.value, field, source];
  });
  return { f, s: sources };
}

export function decodeFeatures(stored: StoredFeatures | StoredFeaturesV1): Features {
  if (!Array.isArray((stored as StoredFeatures).f)) return decodeV1(stored as StoredFeaturesV1);
  const { f, s } = stored as StoredFeatures;
  const features = {} as Record<FeatureName, Feature<unknown>>;
  NAMES.forEach((name, i) => {
    const entry = f[i];
    if (!entry) {
      features[name] = { value: FLAGS.has(name) ? false : null, field: null, provenance: null };
      return;
    }
    const [value, field, source] = entry;
    const p = source === null ? null : s[source]!;
    features[name] = {
      value,
      field: typeof field === 'number' ? FIELDS[field]! : field,
      provenance: p ? { department: p[0], asOf: p[1], ...(p[2] ? { correctedBy: p[2] } : {}) } : null,
    };
  });
  return features as unknown as Features;
}

function decodeV1(stored: StoredFeaturesV1): Features {
  const features = {} as Record<FeatureName, Feature<unknown>>;
  for (const name of NAMES) {
    const s = stored[name];
    features[name] = s
      ? { value: s[0], field: s[1], provenance: s[2] ? { department: s[2], asOf: s[3] ?? '', ...(s[4] ? { correctedBy: s[4] } : {}) } : null }
      : { value: FLAGS.has(name) ? false : null, field: null, provenance: null };
  }
  return features as unknown as Features;
}

function leafBits(node: TraceNode): string {
  return 'children' in node ? node.children.map(leafBits).join('') : node.result ? '1' : '0';
}

export function traceBits(outcome: TypingOutcome): string {
  return outcome.trace.map((t) => leafBits(t.node)).join('|');
}
