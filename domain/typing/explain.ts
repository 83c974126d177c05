// "Why am I 生存型?" — a typing result explained in Chinese: every feature with its value, source
// department and as-of date (and who corrected it), and every predicate evaluated, in order.
import type { TraceNode, TypingOutcome, UntypedReason } from './evaluate';
import type { Feature, FeatureName, Features } from './features';
import { TYPE_LABELS } from './ruleset';

export const FEATURE_LABELS: Record<FeatureName, string> = {
  status: '登记状态',
  annual_report_on_time: '上年度年报按期报送',
  age_months: '存续时间（月）',
  revenue: '营业收入（元）',
  employees: '雇员人数（不含经营者）',
  tax_paid: '纳税总额（元）',
  abnormal_marked_now: '经营异常状态标记',
  unrepaired_penalty_months_ago: '未修复的罚款及以上行政处罚（距今月数）',
  on_serious_dishonest_list: '严重违法失信名单',
  operator_court_dishonest: '经营者为失信被执行人',
  tax_credit_rating: '纳税信用等级',
};

const REASONS: Record<UntypedReason, string> = {
  CANCELLED: '已注销或被吊销，不参与分型',
  SUSPENDED: '处于歇业状态，不参与分型',
  NO_ANNUAL_REPORT: '未按期报送上年度年度报告，不参与分型',
  ABNORMAL: '处于经营异常状态',
};

export interface ExplainedFeature {
  name: FeatureName;
  label: string;
  value: number | string | boolean | null;
  field: string | null;
  department: string | null;
  asOf: string | null;
  correctedBy: string | null;
}

export interface ExplainedCondition {
  type: string;
  label: string;
  met: boolean;
  lines: string[];
}

export interface Explanation {
  type: string;
  typeLabel: string;
  summary: string;
  features: ExplainedFeature[];
  conditions: ExplainedCondition[];
}

const HIDDEN = '（受限）';
const show = (v: unknown) => (v === null || v === undefined ? '无数据' : typeof v === 'boolean' ? (v ? '是' : '否') : typeof v === 'number' ? v.toLocaleString('en') : String(v));

export function lines(node: TraceNode, depth: number, out: string[], hide: (feature: string) => boolean): void {
  const pad = '  '.repeat(depth);
  const mark = node.result ? '✓' : '✗';
  switch (node.kind) {
    case 'all':
    case 'any':
      out.push(`${pad}${mark} ${node.kind === 'all' ? '以下全部满足' : '以下任一满足'}`);
      node.children.forEach((c) => lines(c, depth + 1, out, hide));
      break;
    case 'not':
      out.push(`${pad}${mark} 不存在以下情形`);
      lines(node.children[0]!, depth + 1, out, hide);
      break;
    case 'ref':
      out.push(`${pad}${mark} ${node.name === 'good_reputation' ? '良好商誉' : node.name}`);
      lines(node.children[0]!, depth + 1, out, hide);
      break;
    case 'compare':
      out.push(`${pad}${mark} ${FEATURE_LABELS[node.feature as FeatureName] ?? node.feature} ${node.op === '>=' ? '≥' : '<'} ${show(node.threshold)}（实际：${hide(node.feature) ? HIDDEN : show(node.value)}）`);
      break;
    case 'flag':
      out.push(`${pad}${mark} ${FEATURE_LABELS[node.feature as FeatureName] ?? node.feature}（${show(node.value)}）`);
      break;
    case 'in':
      out.push(`${pad}${mark} ${FEATURE_LABELS[node.feature as FeatureName] ?? node.feature} 属于 ${node.set.join('/')}（实际：${hide(node.feature) ? HIDDEN : show(node.value)}）`);
      break;
  }
}

/** Features whose values a viewer may not see (tax and social-insurance data, docs/policy.md#p-roles-visibility; api/redaction.ts). */
export interface ExplainOptions {
  hides?: (name: string, feature: Feature<unknown> | undefined) => boolean;
}


export function explainTyping(outcome: TypingOutcome, features: Features, options: ExplainOptions = {}): Explanation {
  const isHidden = (name: string) => !!options.hides?.(name, (features as unknown as Record<string, Feature<unknown>>)[name]);
  const typeLabel = TYPE_LABELS[outcome.type];
  const summary = outcome.reason
    ? `${typeLabel}：${REASONS[outcome.reason]}`
    : outcome.type === 'S'
      ? '生存型：未满足发展型、成长型的条件（缺少数据的指标不会提高类型）'
      : `${typeLabel}：满足${typeLabel}的全部条件`;
  return {
    type: outcome.type,
    typeLabel,
    summary,
    features: (Object.entries(features) as Array<[FeatureName, Feature<number | string | boolean>]>).map(([name, f]) => ({
      name, label: FEATURE_LABELS[name], value: isHidden(name) ? HIDDEN : f.value, field: f.field,
      department: f.provenance?.department ?? null, asOf: f.provenance?.asOf ?? null, correctedBy: f.provenance?.correctedBy ?? null,
    })),
    conditions: outcome.trace.map((t) => {
      const out: string[] = [];
      lines(t.node, 0, out, isHidden);
      return { type: t.type, label: TYPE_LABELS[t.type], met: t.result, lines: out };
    }),
  };
}
