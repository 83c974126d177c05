// The logger's second line of defence: whatever a caller puts into a line, keys that may hold personal
// data or secrets come out censored, at the top level and one object down.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger';

describe('createLogger', () => {
  it('redacts phone, name, ID number, address and tokens by key, and keeps ids', () => {
    const written: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ uscc: '92421303MA4D123453', phone: '13812345678', objector: { name: '张三', phone: '13900001111', idNumber: '11010519491231002X' }, headers: { authorization: 'Bearer gf_x' }, mail: { to: 'a@example.com' }, address: '随州市曾都区' }, 'objection filed');
    const text = written.join('');
    for (const secret of ['13812345678', '张三', '13900001111', '11010519491231002X', 'gf_x', 'a@example.com', '随州市曾都区']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ level: 'info', service: 'getihu-flow', uscc: '92421303MA4D123453', phone: '[redacted]', objector: { name: '[redacted]' }, msg: 'objection filed' });
  });
});
