// The default catalogue (docs/policy.md#p-policy-default-catalogue): seeded as DRAFTS marked placeholder,
// to be confirmed by each department and approved by the city before publication. The legal basis is
// the city's plan (随州市个体工商户分型分类精准帮扶工作方案) unless a measure names another source.
import type { PolicyDraft } from './policy';

const PLAN = '随州市个体工商户分型分类精准帮扶工作方案（待核实文号）';
const TO_CONFIRM = '待部门确认';
const none = { types: [], categories: [], specialGroups: [], industries: [], counties: [] };

export interface DefaultPolicy extends PolicyDraft {
  department: string;
}

export const DEFAULT_POLICY_CATALOGUE: DefaultPolicy[] = [
  { code: 'AMR-SERVICE-MONTH', department: '市场监管', area: '经营服务', title: '个体工商户服务月：政策解读、银企对接、年报指导',
    benefit: '参加"个体工商户服务月"活动：政策解读、银企对接、年度报告填报指导；首违不罚、轻微免罚；查处涉企乱收费。', target: none },
  { code: 'TAX-SMALL-SCALE', department: '税务', area: '财税', title: '小规模纳税人及个体工商户税费优惠',
    benefit: '月销售额 10 万元以下的小规模纳税人免征增值税；年应纳税所得额 200 万元以下部分个人所得税减半征收；"六税两费"减半征收（以现行公告为准，待税务部门核实）。',
    target: { ...none, types: ['D', 'G', 'S'] }, mode: 'AUTO' },
  { code: 'HRSS-TRAINING-INSURANCE', department: '人社', area: '社保', title: '创业及技能培训、参保指导、稳岗返还',
    benefit: '创业培训和职业技能培训；参加社会保险指导；阶段性降低失业保险费率；稳岗返还。', target: none },
  { code: 'FIN-CREDIT-EVALUATION', department: '金融', area: '金融信贷', title: '分型分类结果用于授信评价、产品匹配和预授信',
    benefit: '金融机构将分型和名特优新结果用于授信评价、金融产品匹配和预授信（须经营者授权）。', target: { ...none, types: ['G', 'D'] } },
  { code: 'FIN-CREDIT-EVALUATION-CATEGORY', department: '金融', area: '金融信贷', title: '名特优新个体工商户授信支持',
    benefit: '名特优新个体工商户优先纳入授信评价和预授信名单（须经营者授权）。', target: { ...none, categories: ['ANY'] } },
  { code: 'S-STARTUP-SUPPORT', department: '人社', area: '创业', title: '生存型：创业担保贷款、一次性创业补贴、便利登记',
    benefit: '网上办、掌上办、帮办代办登记；创业担保贷款；一次性创业补贴；重点群体创业税收政策；经营场所供给与共享店铺；包容审慎监管。',
    target: { ...none, types: ['S'] } },
  { code: 'G-SKILLS-DIGITAL', department: '市场监管', area: '人才', title: '成长型：技能与数字化经营培训、商标注册指导、稳定融资',
    benefit: '技能和数字化经营培训；商标注册指导；稳定融资支持。', target: { ...none, types: ['G'] } },
  { code: 'D-UPGRADE-BRAND', department: '经信', area: '品牌质量', title: '发展型：个转企引导，品牌、质量、标准和知识产权服务',
    benefit: '"个转企"引导；品牌、质量、标准、知识产权服务；通过专业化协作融入企业研发、生产和服务链条。', target: { ...none, types: ['D'] } },
  { code: 'CAT-PRIORITY', department: '市场监管', area: '品牌质量', title: '名特优新：资金、培训、贷款、评优优先，典型宣传',
    benefit: '享受成长型、发展型各项政策及行业政策；资金、培训、贷款、评优评先优先；选树典型宣传推广。', target: { ...none, categories: ['ANY'] } },
  { code: 'GROUP-STARTUP', department: '人社', area: '创业', title: '特殊群体创业扶持',
    benefit: '退役军人、残疾人、高校毕业生、返乡创业农民工等群体的专项创业扶持；名特优新认定中适当放宽来源要求。',
    target: { ...none, specialGroups: ['退役军人', '残疾人', '高校毕业生', '返乡创业农民工'] } },
].map((p) => ({ version: '1', legalBasis: PLAN, conditions: null, mode: 'APPLY' as const, contact: TO_CONFIRM, ...p }) as DefaultPolicy);
