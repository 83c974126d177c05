// The feed CSV parser against csv-parse (the reference implementation, kept as a test oracle): the same
// records for every way the body can be cut into chunks, including through a multi-byte character,
// and clear errors for malformed quoting.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../api/csvRows';

async function rowsOf(bytes: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: Record<string, string>[] = [];
  for await (const r of csvRows(chunks)) out.push(r);
  return out;
}

const reference = (text: string) => parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });

describe('feed CSV parser', () => {
  it('reads what csv-parse reads, however the body is chunked', async () => {
    const text = '\uFEFFuscc, tradeName ,status\r\n1,"随州, 曾都","他说""好"""\r\n\r\n 2 ,"两\r\n行",\r\n3,泡泡青\r\n"4",,存续\r\n';
    const expected = reference(text);
    expect(expected).toHaveLength(4);
    for (const size of [1, 2, 3, 5, 7, 13, 64, 10_000]) expect(await rowsOf(Buffer.from(text), size)).toEqual(expected);
  });

  it('agrees with csv-parse on generated rows with quotes, commas and Chinese text', async () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const cell = () => {
      const plain = ['随县', '5211', '', '2020-01-01', '香菇 行', 'x'][Math.floor(rand() * 6)]!;
      return rand() < 0.3 ? `"${plain}${rand() < 0.5 ? '""引号""' : ', 逗号'}"` : plain;
    };
    const lines = ['a,b,c,d'];
    for (let i = 0; i < 500; i++) lines.push([cell(), cell(), cell(), cell()].join(','));
    const text = `${lines.join('\n')}\n`;
    expect(await rowsOf(Buffer.from(text), 97)).toEqual(reference(text));
  });

  it('takes a last line without a line end, and an empty body as no rows', async () => {
    expect(await rowsOf(Buffer.from('a,b\n1,2'), 3)).toEqual([{ a: '1', b: '2' }]);
    expect(await rowsOf(Buffer.from(''), 3)).toEqual([]);
  });

  it('refuses malformed quoting with the line, rather than shortening the upload', async () => {
    await expect(rowsOf(Buffer.from('a,b\n1,"2\n3,4\n'), 4)).rejects.toThrow('第 2 行开始的引号未闭合');
    await expect(rowsOf(Buffer.from('a,b\n1,"2"x\n'), 4)).rejects.toThrow('第 2 行：引号结束后还有多余的字符');
    await expect(rowsOf(Buffer.from('a,b\n1,x"y"\n'), 4)).rejects.toThrow('数值内的引号须写作两个引号');
  });
});
