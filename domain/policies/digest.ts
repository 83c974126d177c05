// The household's digest of newly matched support policies (docs/policy.md#p-policy-notify): one mail per
// household per batch, naming each new match once. No personal data beyond the household's own USCC.
import { POLICY_MODES, type PolicyMode } from './policy';

export interface DigestItem {
  title: string;
  department: string;
  benefit: string;
  mode: string;
  contact: string;
}

export function renderPolicyDigest(uscc: string, items: DigestItem[]): { subject: string; text: string } {
  const lines = items.map((p, i) => {
    const how = p.mode === 'AUTO' ? '免申即享，无需申请，符合条件自动兑现' : `${POLICY_MODES[p.mode as PolicyMode] ?? p.mode}：请联系 ${p.contact}`;
    return `${i + 1}. ${p.title}（${p.department}）\n   ${p.benefit}\n   ${how}`;
  });
  return {
    subject: `【惠企政策】您有 ${items.length} 项新匹配的扶持政策`,
    text: `统一社会信用代码 ${uscc}：根据最新分型分类结果，以下扶持政策与您匹配：\n\n${lines.join('\n\n')}\n\n登录系统可查看"我的政策"及匹配依据。`,
  };
}
