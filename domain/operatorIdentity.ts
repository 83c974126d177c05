// The operator's 居民身份证号 (GB 11643, MOD 11-2). It is never stored: a keyed hash joins the court
// list to businesses (docs/policy.md#p-data-operator-id). The key comes from configuration, so the hash cannot be
// reversed by hashing every possible ID number.
import { createHmac } from 'node:crypto';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

export function hashIdNumber(id: string, key: string): string {
  return createHmac('sha256', key).update(id, 'utf8').digest('hex');
}
