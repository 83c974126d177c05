// Replays histories recorded from the real server (test/replay/histories/*.json) against today's
// workflow code: a non-deterministic change fails here before it reaches running cycles.
// Record again with: RECORD_REPLAY_HISTORIES=1 npx vitest run test/workflow
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { bundleWorkflows } from '../support/temporal';

const dir = path.join(import.meta.dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
let bundle: WorkflowBundle;

beforeAll(async () => {
  bundle = await bundleWorkflows();
});

describe('replay of recorded histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(dir, file), 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});
