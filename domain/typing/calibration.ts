// Calibration bands for a ruleset's distribution (docs/policy.md#p-type-ruleset-lifecycle; calibration targets: Shaanxi 2024,
// Xizang 2025). A distribution outside a band raises a warning before activation. Bands are PLACEHOLDER.
import type { TypeCode } from './ruleset';

export const CALIBRATION_BANDS: Record<TypeCode, [number, number]> = { S: [0.9, 0.96], G: [0.04, 0.09], D: [0.0005, 0.005] };
const LABEL: Record<TypeCode, string> = { D: '发展型', G: '成长型', S: '生存型' };

/** Chinese warnings for each type whose share of the typed population is outside its band. */
export function calibrationWarnings(counts: Record<string, number>): string[] {
  const typed = (counts.D ?? 0) + (counts.G ?? 0) + (counts.S ?? 0);
  if (typed === 0) return ['没有可分型的个体工商户'];
  return (Object.keys(CALIBRATION_BANDS) as TypeCode[]).flatMap((code) => {
    const share = (counts[code] ?? 0) / typed;
    const [low, high] = CALIBRATION_BANDS[code];
    return share < low || share > high
      ? [`${LABEL[code]}占比 ${(share * 100).toFixed(2)}%，超出参考区间 ${(low * 100).toFixed(2)}%–${(high * 100).toFixed(2)}%`]
      : [];
  });
}
