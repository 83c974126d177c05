// api/ talks to Temporal's workflow API through one module (api/workflowCalls.ts, docs/decisions.md, "One Temporal gateway"):
// one deadline and one mapping of failures to HTTP errors. A route that starts, queries, signals or
// updates a workflow itself would bypass both; this scan finds it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const GATEWAY = 'api/workflowCalls.ts';
/** Calls on a Temporal Client (or its handles) that reach a workflow, and the error classes the gateway maps. */
const DIRECT = /\.workflow\.(start|getHandle|execute|signalWithStart|list|count)\b|\.withDeadline\(|\b(WorkflowNotFoundError|WorkflowExecutionAlreadyStartedError|WorkflowUpdateFailedError)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the Temporal gateway', () => {
  it('is the only file under api/ that calls the workflow API or maps its failures', () => {
    const offenders = sources(join(root, 'api'))
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => path !== GATEWAY)
      .flatMap((path) => readFileSync(join(root, path), 'utf8').split('\n').map((line, i) => ({ path, line: i + 1, text: line })))
      // The readiness probe asks the connection (not a workflow) whether Temporal answers, with its own short deadline.
      .filter(({ path, text }) => DIRECT.test(text) && !(path === 'api/routes/system.ts' && text.includes('connection.withDeadline')));
    expect(offenders.map(({ path, line, text }) => `${path}:${line}: ${text.trim()}`)).toEqual([]);
  });
});
