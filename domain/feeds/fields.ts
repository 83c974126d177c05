// Field schemas shared by the department feeds. CSV delivers strings, JSON delivers typed values:
// both are accepted, an empty cell means "no value", and every refusal has a Chinese message.
import { z } from 'zod';
import { isValidIdNumber } from '../operatorIdentity';
import { USCC_MESSAGES, USCC_PATTERN, usccProblem } from '../uscc';

const blankToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const numeric = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

export const uscc = z
  .string()
  .superRefine((value, ctx) => {
    const problem = usccProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: USCC_MESSAGES[problem], params: { reason: `USCC_${problem}` } });
  })
  .meta({ pattern: USCC_PATTERN, description: '统一社会信用代码（18 位，GB 32100-2015，第 18 位为校验码）' });

export const date = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
export const optionalDate = z.preprocess(blankToNull, date.nullable());
export const year = z.preprocess(numeric, z.number().int().min(2000).max(2100));
export const count = z.preprocess(numeric, z.number().int().min(0).max(1_000_000));
const money = z.number().min(0).max(1e13).refine((v) => Math.round(v * 100) === Math.round(v * 100 * 1e6) / 1e6, '金额最多两位小数');
export const optionalMoney = z.preprocess((v) => numeric(blankToNull(v)), money.nullable());
export const optionalCount = z.preprocess((v) => numeric(blankToNull(v)), z.number().int().min(0).max(1_000_000).nullable());
export const optionalText = z.preprocess(blankToNull, z.string().max(500).nullable());
export const text = z.string().min(1).max(500);
export const bool = z.preprocess((v) => (v === 'true' || v === '1' || v === '是' ? true : v === 'false' || v === '0' || v === '否' || v === '' ? false : v), z.boolean());
/** A list: a JSON array, or one CSV cell separated by "|". */
export const list = z.preprocess((v) => (typeof v === 'string' ? (v === '' ? [] : v.split('|').map((s) => s.trim())) : v), z.array(z.string().min(1).max(100)).max(20));
export const idNumber = z.string().refine(isValidIdNumber, '居民身份证号码无效');
export const optionalIdNumber = z.preprocess(blankToNull, idNumber.nullable());
