// Replays every committed history (test/replay/histories/v<version>/*.json, one folder per released
// version) against today's workflow code: a non-deterministic change fails here before it reaches
// running cycles and applications. A committed history is never re-recorded or edited
// (docs/architecture.md#replay): MANIFEST.sha256 fixes each file's SHA-256 (one line per file), and the
// manifest only ever gains lines — every line of every version of it in git history is still in today's
// — so changing a history together with its manifest line fails as well (the file would be listed twice).
// Containment rather than prefix: two branches that each add a history merge into one manifest.
// Record histories of new behaviour: RECORD_REPLAY_HISTORIES=1 npx vitest run test/workflow/<file>
// (test/support/replayHistories.ts writes only names not yet recorded, and appends their hashes).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { HISTORIES_DIR, MANIFEST, MANIFEST_IN_REPO, readManifest, sha256, VERSION_FOLDER, currentVersionFolder } from '../support/replayHistories';
import { bundleWorkflows } from '../support/temporal';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const entries = readdirSync(HISTORIES_DIR);
const versions = entries.filter((e) => statSync(path.join(HISTORIES_DIR, e)).isDirectory()).sort();
const files = versions.flatMap((v) => readdirSync(path.join(HISTORIES_DIR, v)).map((f) => `${v}/${f}`)).sort();
let bundle: WorkflowBundle;

const semver = (folder: string) => folder.slice(1).split('.').map(Number);
const notAfter = (a: number[], b: number[]) => a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! <= b[2]!)));
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  bundle = await bundleWorkflows();
});

describe('committed histories are kept as recorded', () => {
  it('sit in folders named for released versions, and nothing else sits beside them', () => {
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(v).toMatch(VERSION_FOLDER);
      expect(notAfter(semver(v), semver(currentVersionFolder())), `${v} is not after package.json's version`).toBe(true);
    }
    expect(entries.filter((e) => !versions.includes(e))).toEqual(['MANIFEST.sha256']);
    expect(files.every((f) => f.endsWith('.json')), files.join(', ')).toBe(true);
  });

  it('every history has its line in MANIFEST.sha256 and still has that SHA-256', () => {
    const manifest = readManifest();
    const listed = manifest.map(([, file]) => file);
    expect(new Set(listed).size, 'a file is listed twice').toBe(listed.length);
    expect([...listed].sort()).toEqual(files);
    for (const [hash, file] of manifest) {
      expect(sha256(readFileSync(path.join(HISTORIES_DIR, file))), `${file} was changed after it was recorded`).toBe(hash);
    }
  });

  it('manifest lines are only ever added: every line of every committed version is still there', () => {
    expect(git('rev-parse', '--is-shallow-repository').trim(), 'the replay guard reads the manifest\'s git history: clone with full history (git fetch --unshallow)').toBe('false');
    const commits = git('log', '--format=%H', '--', MANIFEST_IN_REPO).split('\n').filter(Boolean);
    expect(commits.length, `${MANIFEST_IN_REPO} has no history in git`).toBeGreaterThan(0);
    const today = new Set(readFileSync(MANIFEST, 'utf8').split('\n'));
    for (const commit of commits) {
      let then: string;
      try {
        then = git('show', `${commit}:${MANIFEST_IN_REPO}`);
      } catch {
        throw new Error(`${MANIFEST_IN_REPO} was deleted in ${commit}: recorded histories cannot be dropped`);
      }
      const lost = then.split('\n').filter((line) => line.length > 0 && !today.has(line));
      expect(lost, `lines written by ${commit.slice(0, 10)} were changed or removed: manifest lines are only ever added`).toEqual([]);
    }
  });
});

describe('replay of recorded histories', () => {
  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});
