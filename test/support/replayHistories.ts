// Committed replay histories (docs/architecture.md#replay): one folder per released version
// (`test/replay/histories/v<package.json version>/`), and MANIFEST.sha256 listing the SHA-256 of every
// file. A history is recorded once and never again: the manifest only ever grows (test/replay/replay.test.ts).
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { historyToJSON as HistoryToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(import.meta.dirname, '..', 'replay', 'histories');
export const MANIFEST = path.join(HISTORIES_DIR, 'MANIFEST.sha256');
/** The manifest's path in the repository, for `git log`/`git show`. */
export const MANIFEST_IN_REPO = 'test/replay/histories/MANIFEST.sha256';
export const VERSION_FOLDER = /^v\d+\.\d+\.\d+$/;

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** `v` + package.json's version: the folder the histories of today's code are recorded into. */
export function currentVersionFolder(): string {
  const { version } = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return `v${version}`;
}

/** Manifest lines as [sha256, 'v1.2.3/name.json'], in file order. */
export function readManifest(text = readFileSync(MANIFEST, 'utf8')): [string, string][] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => {
    const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
    if (!match) throw new Error(`MANIFEST.sha256: malformed line ${JSON.stringify(line)}`);
    return [match[1]!, match[2]!];
  });
}

/**
 * With RECORD_REPLAY_HISTORIES set, writes `name` into the current version's folder and appends its
 * hash to the manifest — only when no history of that name exists there: a committed history is never
 * re-recorded (record new behaviour under a new name, or in the next version's folder).
 */
export async function recordHistory(name: string, fetchHistory: () => Promise<Parameters<typeof HistoryToJSON>[0]>): Promise<void> {
  if (!process.env.RECORD_REPLAY_HISTORIES) return;
  const folder = currentVersionFolder();
  const file = path.join(HISTORIES_DIR, folder, name);
  if (existsSync(file)) {
    console.warn(`replay history ${folder}/${name} is committed already and is kept as recorded (never re-recorded)`);
    return;
  }
  const { historyToJSON } = await import('@temporalio/common/lib/proto-utils');
  const json = historyToJSON(await fetchHistory());
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, json);
  appendFileSync(MANIFEST, `${sha256(json)}  ${folder}/${name}\n`);
}
