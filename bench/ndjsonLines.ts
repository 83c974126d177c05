// npm run bench:ndjson-lines -- [--mb 50]
// How NDJSON line splitting scales with the length of one line, uncapped (the API caps a line at 64 KB;
// this shows why the scan matters): the line splitter of api/feedRows.ts, the splitter it replaced (each
// chunk appended to a string and the whole pending text searched again: quadratic), and the platform's
// bound — one Buffer.indexOf over the same bytes. Chunks of 64 KB, as an HTTP body arrives.
import { ndjsonRows } from '../api/feedRows';
import { argNumber } from './benchDatabase';

const largest = argNumber('mb', 50);

function chunksOf(mb: number): Buffer[] {
  const line = Buffer.from(`{"pad":"${'x'.repeat(mb * 1024 * 1024)}"}\n`);
  const chunks: Buffer[] = [];
  for (let i = 0; i < line.length; i += 65_536) chunks.push(line.subarray(i, i + 65_536));
  return chunks;
}

async function* source(chunks: Buffer[]) {
  yield* chunks;
}

async function current(chunks: Buffer[]): Promise<number> {
  let n = 0;
  for await (const _ of ndjsonRows(source(chunks), Infinity)) n++;
  return n;
}

/** The splitter before issue 8: `pending += chunk; pending.indexOf('\n')` over the whole pending text. */
async function previous(chunks: Buffer[]): Promise<number> {
  let pending = '';
  let n = 0;
  for (const chunk of chunks) {
    pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      JSON.parse(pending.slice(0, newline).trim());
      pending = pending.slice(newline + 1);
      n++;
    }
  }
  return n;
}

function bound(chunks: Buffer[]): number {
  const all = Buffer.concat(chunks);
  JSON.parse(all.toString('utf8', 0, all.indexOf(10)));
  return 1;
}

const time = async (run: () => unknown) => {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

console.log('line MB | feedRows ms | previous ms | bound ms (indexOf + parse) | feedRows/bound');
for (const mb of [1, 10, largest].filter((v, i, a) => a.indexOf(v) === i)) {
  const chunks = chunksOf(mb);
  const ours = await time(() => current(chunks));
  const before = mb <= 10 ? await time(() => previous(chunks)) : NaN; // 50 MB took 27 s in the review
  const floor = await time(() => bound(chunks));
  console.log(`${String(mb).padStart(7)} | ${ours.toFixed(0).padStart(11)} | ${Number.isNaN(before) ? '   (skipped)' : before.toFixed(0).padStart(11)} | ${floor.toFixed(0).padStart(26)} | ${(ours / floor).toFixed(2)}`);
}
