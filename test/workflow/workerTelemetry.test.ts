// The worker's Temporal Runtime as worker.ts installs it: the SDK's log lines come out of our JSON logger,
// and its own metrics are served in Prometheus text on the configured address. (This file installs the
// Runtime itself, so it does not use test/support/temporal.ts, which installs a quiet one at import.)
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../../observability/logger';
import { installTemporalRuntime } from '../../observability/temporalRuntime';
import { freePort } from '../../scripts/freePort';
import { until } from '../support/until';

const lines: Array<Record<string, unknown>> = [];
let metricsPort: number;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  metricsPort = await freePort();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  expect(installTemporalRuntime(createLogger({ level: 'info', destination }), { metricsAddress: `127.0.0.1:${metricsPort}` })).toBe(true);
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: inject('temporalCliPath') }, extraArgs: ['--log-level', 'error'] },
  });
});
afterAll(async () => {
  await env?.teardown();
});

describe('the worker Runtime', () => {
  it('writes the SDK\'s lines as JSON through our logger and serves the SDK\'s metrics', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'telemetry-test', activities: { ping: async () => 'pong' } });
    const metrics = await worker.runUntil(
      until('the SDK exporter to serve the worker\'s temporal_ series', async () => {
        const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text(), () => '');
        return /^temporal_\w+\{.*task_queue="telemetry-test"/m.test(text) && text;
      }, 30_000),
    );
    expect(metrics).toMatch(/^temporal_worker_start\{.*task_queue="telemetry-test".*\} 1$/m);

    await until('a worker line from the SDK in our logger', async () => lines.some((l) => l.component === 'temporal' && l.sdkComponent === 'worker'), 10_000);
    const line = lines.find((l) => l.component === 'temporal' && l.sdkComponent === 'worker')!;
    expect(line).toMatchObject({ service: 'getihu-flow', level: expect.stringMatching(/^(info|warn)$/), taskQueue: 'telemetry-test', msg: expect.any(String) });
  });
});
