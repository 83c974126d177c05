// npm start — the whole system with embedded defaults; TEMPORAL_ADDRESS / DATABASE_URL select real
// services. Ctrl-C stops every child process; data stays under .data/ for the next start.
import path from 'node:path';
import { ROLES } from '../domain/roles';
import { rootLogger } from '../observability/logger';
import { installTemporalRuntime, temporalMetricsAddress } from '../observability/temporalRuntime';
import { DEMO_PRINCIPALS } from './demoPrincipals';
import { startSystem } from './system';

const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => console.log(`[getihu-flow] ${line}`);

// The SDK's logs into the same JSON logger as the API's; its metrics only when TEMPORAL_METRICS_ADDRESS is set.
installTemporalRuntime(rootLogger(), { metricsAddress: temporalMetricsAddress(undefined) });

const system = await startSystem({
  dataDir: process.env.DATA_DIR ?? path.join(root, '.data'),
  apiPort: Number(process.env.PORT ?? 3000),
  temporalAddress: process.env.TEMPORAL_ADDRESS || undefined,
  namespace: process.env.TEMPORAL_NAMESPACE || undefined,
  databaseUrl: process.env.DATABASE_URL || undefined,
  logRequests: true,
  say,
});

say('ready');
say(`API:              ${system.apiUrl}   (docs: ${system.apiUrl}/docs, readiness: ${system.apiUrl}/readyz)`);
say(`Temporal:         ${system.temporalAddress}${system.temporalUiUrl ? `   (Web UI: ${system.temporalUiUrl})` : ''}`);
say(`Database:         ${system.embeddedDatabase ? 'embedded PGlite under .data/pglite' : 'DATABASE_URL'}`);
if (system.demoTokensCreated) {
  say(`demo tokens (shown once; also kept in ${path.relative(root, system.tokensFile)}, mode 600):`);
  for (const p of DEMO_PRINCIPALS) say(`  ${p.key.padEnd(15)} ${ROLES[p.role]}  ${system.demoTokens[p.key]}`);
} else {
  say(`demo tokens: see ${path.relative(root, system.tokensFile)}`);
}
say('press Ctrl-C to stop');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    system
      .stop()
      .then(() => {
        say('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
}
