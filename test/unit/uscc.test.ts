import { describe, expect, it } from 'vitest';
import { isIndividualBusinessUscc, isValidUscc, usccCheckCharacter, usccDivisionCode, usccProblem } from '../../domain/uscc';

describe('USCC (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', null],          // the standard's worked example
    ['91350100M000100Y4Z', 'FORMAT'],      // Z is not in the charset
    ['91350100M000100Y44', 'CHECK_DIGIT'], // wrong check character
    ['92421303MA4D123453', null],
    ['92421381L123456788', null],
    ['9242130', 'FORMAT'],
    ['92421303ma4d123453', 'FORMAT'],      // lower case is not accepted
    ['92A21303MA4D123453', 'FORMAT'],      // positions 3–8 are digits
    ['92421303MA4D1234I3', 'FORMAT'],      // I is excluded
  ])('%s → %s', (code, problem) => {
    expect(usccProblem(code)).toBe(problem);
    expect(isValidUscc(code)).toBe(problem === null);
  });

  it('computes the worked example check character (sum 1640, mod 31 = 28 → 3)', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('maps a check value of 31 to 0', () => {
    // Search a 17-character prefix whose weighted sum is ≡ 0 (mod 31): its check character must be '0'.
    const prefix = Array.from({ length: 31 }, (_, i) => `9242130300000000${'0123456789ABCDEFGHJKLMNPQRTUWXY'[i]}`).find(
      (p) => usccCheckCharacter(p) === '0',
    );
    expect(prefix).toBeDefined();
    expect(isValidUscc(`${prefix}0`)).toBe(true);
  });

  it('recognises individual businesses and the registration division', () => {
    expect(isIndividualBusinessUscc('92421303MA4D123453')).toBe(true);
    expect(isIndividualBusinessUscc('91350100M000100Y43')).toBe(false);
    expect(usccDivisionCode('92421303MA4D123453')).toBe('421303');
  });
});
