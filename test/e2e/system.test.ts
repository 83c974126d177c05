// End to end, as `npm start` runs it: an embedded Temporal dev server (real CLI binary, SQLite file),
// the worker, the API, the run's PostgreSQL. Stop, start again on the same data, find the cycle.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/freePort';
import { DEMO_PRINCIPALS } from '../../scripts/demoPrincipals';
import { startSystem, type RunningSystem } from '../../scripts/system';
import { until } from '../support/until';

const dataDir = mkdtempSync(path.join(tmpdir(), 'getihu-e2e-'));
let system: RunningSystem | undefined;

afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

let pglitePort: number | undefined;

/** On PostgreSQL, the run's database; without it, the system's own embedded PGlite (exactly `npm start`). */
async function start(ports: { temporalPort: number; temporalUiPort: number }): Promise<RunningSystem> {
  if (inject('databaseKind') === 'pglite') {
    pglitePort ??= await freePort();
    return startSystem({ dataDir, apiPort: 0, ...ports, pglitePort });
  }
  return startSystem({ dataDir, apiPort: 0, ...ports, databaseUrl: inject('databaseUrl') });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function api(path: string, token?: string, body?: unknown) {
  const res = await fetch(`${system!.apiUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('the whole system', () => {
  it('API → Temporal dev server → worker → PostgreSQL, and again after a restart with the data kept', async () => {
    const ports = { temporalPort: await freePort(), temporalUiPort: await freePort() };
    system = await start(ports);
    expect(system.demoTokensCreated).toBe(true);
    expect((await api('/readyz')).status).toBe(200);
    const ui = await fetch(system.temporalUiUrl!);
    expect(ui.status).toBe(200);
    // The web console at /, linking the Web UI; the demo identities only on the embedded default (no DATABASE_URL).
    expect(await (await fetch(`${system.apiUrl}/`)).text()).toContain('<div id="root">');
    const consoleConfig = (await api('/console-config.json')).body as { demoIdentities: Array<{ key: string; token: string }>; temporalUiUrl: string };
    expect(consoleConfig.temporalUiUrl).toBe(system.temporalUiUrl);
    expect(consoleConfig.demoIdentities.map((d) => d.key)).toEqual(inject('databaseKind') === 'pglite' ? DEMO_PRINCIPALS.map((p) => p.key) : []);

    const admin = system.demoTokens['city-admin']!;
    const started = await api('/api/v1/cycles', admin, { year: 2033 });
    expect(started.status).toBe(201);
    const view = await api('/api/v1/cycles/2033', admin);
    expect(view.body).toMatchObject({ phase: 'PLANNED', source: 'workflow' });
    // The worker's activity wrote the read model.
    await until('the worker to write the read model of cycle 2033', async () => !!(await api('/api/v1/cycles/2033', admin)).body.readModel, 15_000);
    expect((await api('/api/v1/cycles/2033', admin)).body.readModel).toMatchObject({ phase: 'PLANNED' });

    await system.stop();
    expect(await portAnswers(ports.temporalPort)).toBe(false);
    expect(await portAnswers(ports.temporalUiPort)).toBe(false);

    system = await start(ports);
    expect(system.demoTokensCreated).toBe(false);
    expect(system.demoTokens['city-admin']).toBe(admin);
    const again = await api('/api/v1/cycles/2033', admin);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ year: 2033, status: 'RUNNING', phase: 'PLANNED' });
    expect((await api('/api/v1/cycles', admin, { year: 2033 })).status).toBe(200);
  });
});
