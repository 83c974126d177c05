// Compact storage of a typing result's explanation: the features (value, field, department, as-of
// date, corrector) and the leaf outcomes of the trace as a bit string per type condition ("1101|01").
import type { TraceNode, TypingOutcome } from './evaluate';
import type { Feature, FeatureName, Features } from './features';

export type StoredFeature = [value: number | string | boolean, field: string | null, department: string | null, asOf: string | null, correctedBy?: string];
export type StoredFeatures = Partial<Record<FeatureName, StoredFeature>>;

export function encodeFeatures(features: Features): StoredFeatures {
  const stored: StoredFeatures = {};
  for (const [name, f] of Object.entries(features) as Array<[FeatureName, Feature<unknown>]>) {
    if (f.value === null) continue;
    const p = f.provenance;
    const entry: StoredFeature = [f.value as number | string | boolean, f.field, p?.department ?? null, p?.asOf ?? null];
    if (p?.correctedBy) entry.push(p.correctedBy);
    stored[name] = entry;
  }
  return stored;
}

const NAMES: FeatureName[] = [
  'status', 'annual_report_on_time', 'age_months', 'revenue', 'employees', 'tax_paid', 'abnormal_marked_now',
  'unrepaired_penalty_months_ago', 'on_serious_dishonest_list', 'operator_court_dishonest', 'tax_credit_rating',
];

export function decodeFeatures(stored: StoredFeatures): Features {
  const features = {} as Record<FeatureName, Feature<unknown>>;
  for (const name of NAMES) {
    const s = stored[name];
    const isFlag = name === 'annual_report_on_time' || name === 'abnormal_marked_now' || name === 'on_serious_dishonest_list' || name === 'operator_court_dishonest';
    features[name] = s
      ? { value: s[0], field: s[1], provenance: s[2] ? { department: s[2], asOf: s[3] ?? '', ...(s[4] ? { correctedBy: s[4] } : {}) } : null }
      : { value: isFlag ? false : null, field: null, provenance: null };
  }
  return features as unknown as Features;
}

function leafBits(node: TraceNode): string {
  return 'children' in node ? node.children.map(leafBits).join('') : node.result ? '1' : '0';
}

export function traceBits(outcome: TypingOutcome): string {
  return outcome.trace.map((t) => leafBits(t.node)).join('|');
}
