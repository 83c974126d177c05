// Penalty measures that count as "a fine or anything heavier" (docs/policy.md#p-type-features, docs/policy.md#p-gate-n1).
// Warnings (警告) and 通报批评 alone never count.
export const FINE_OR_HEAVIER_MEASURES = ['罚款', '没收违法所得', '没收非法财物', '暂扣许可证件', '降低资质等级', '吊销许可证件', '限制开展生产经营活动', '责令停产停业', '责令关闭', '限制从业', '行政拘留'];
