// Runs after `npm install` and before `npm start` / `npm test`: the Temporal binaries and the
// generated Prisma client. Idempotent and quick when both are already there.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureTemporalBinaries } from './temporalBinaries';
import { buildConsole } from './buildConsole';

const root = path.resolve(import.meta.dirname, '..');

// Container images for the API and worker talk to a Temporal cluster and need no local binaries.
if (process.env.GETIHU_SKIP_TEMPORAL_BINARIES !== '1') {
  const { cli, testServer } = ensureTemporalBinaries();
  console.log(`[tools] Temporal CLI: ${path.relative(root, cli) || cli}; test server: ${path.relative(root, testServer) || testServer}`);
}

// Regenerate the client when the schema is newer than it.
const schema = path.join(root, 'prisma', 'schema.prisma');
const generated = path.join(root, 'generated', 'prisma', 'client.ts');
if (!existsSync(generated) || statSync(generated).mtimeMs < statSync(schema).mtimeMs || !readFileSync(generated, 'utf8').length) {
  // Prisma's CLI only checks that an engine path exists before generating with its bundled wasm; the
  // variable is scoped to this one command (with it set, `migrate deploy` would silently do nothing).
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}

// The web console (Vite): rebuilt when console/ or domain/ is newer than dist/console.
await buildConsole();
