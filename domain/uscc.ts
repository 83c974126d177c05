// Unified Social Credit Code (统一社会信用代码), GB 32100-2015 — docs/policy.md#p-data-uscc.

/** The 31 symbols of the code, in value order (I, O, Z, S, V are excluded). */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** The code's shape (the check character is verified separately), for the published schema. */
export const USCC_PATTERN = SHAPE.source;

export type UsccProblem = 'FORMAT' | 'CHECK_DIGIT';

/** The check character for the first 17 characters, or null if one of them is not in the charset. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CHARSET[check]!;
}

/** Why a code is not a valid USCC, or null if it is valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (!SHAPE.test(code)) return 'FORMAT';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'CHECK_DIGIT';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** Prefix "92": registered by market regulation (9) as an individual business (2). */
export function isIndividualBusinessUscc(code: string): boolean {
  return code.startsWith('92');
}

/** The registration authority's administrative division code (positions 3–8). */
export function usccDivisionCode(code: string): string {
  return code.slice(2, 8);
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  FORMAT: '统一社会信用代码格式不正确：应为18位，且不含 I、O、Z、S、V',
  CHECK_DIGIT: '统一社会信用代码校验位不正确',
};
