// The layers depend one way (docs/architecture.md#layers):
//   domain/ ← data/ ← activities/ and api/ ← worker.ts and api/main.ts
//   workflows/ see only domain/, messages/, @temporalio/workflow|common and activity *types*.
// This test reads every import of the layered folders with the TypeScript parser (import and export
// declarations, `import type`, dynamic import() and require()) and fails on an import against the
// direction, naming the file, the line and the rule. It also fails when a file of activities/ or api/
// talks to the database itself (a Prisma model call, raw SQL, a transaction, a pg query or connection):
// queries and writes belong in data/, named for what they hold.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { AnnualCycleWorkflow } from '../../messages/cycleMessages';
import type { RecheckWorkflow } from '../../messages/recheckMessages';
import type { annualCycleWorkflow } from '../../workflows/annualCycle';
import type { recheckWorkflow } from '../../workflows/recheck';

const root = path.resolve(import.meta.dirname, '../..');

interface Edge {
  /** The importing file, relative to the repository root (posix separators). */
  from: string;
  line: number;
  /** A repository path for a relative import, else the package specifier (e.g. `node:crypto`, `zod/v4/core`). */
  target: string;
  relative: boolean;
  /** `import type`, `export type`, every named binding `type`, or a type-position `import('…')`. */
  typeOnly: boolean;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.json', '/index.ts'];

function resolveRelative(from: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  const js = base.replace(/\.js$/, '.ts');
  if (existsSync(path.join(root, js))) return js;
  return `UNRESOLVED:${base}`;
}

/** The imports of one source text; `file` is its repository path (it decides how relative imports resolve). */
function importsOf(file: string, text: string): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const spec = specifier.text;
    const relative = spec.startsWith('.');
    edges.push({
      from: file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      target: relative ? resolveRelative(file, spec) : spec,
      relative,
      typeOnly,
    });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedAreTypes = !!clause && !clause.name && !!bindings && ts.isNamedImports(bindings)
        && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, !!clause && (clause.isTypeOnly || allNamedAreTypes));
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      const allNamedAreTypes = !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, node.isTypeOnly || allNamedAreTypes);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const child = path.posix.join(rel, name);
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

const LAYERS = ['domain', 'messages', 'data', 'workflows', 'activities', 'api'] as const;
type Layer = (typeof LAYERS)[number];
const layerOf = (repoPath: string): string => (repoPath.includes('/') ? repoPath.slice(0, repoPath.indexOf('/')) : repoPath);
const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

/** Packages with no I/O that domain/ may use; node:crypto only where listed (HMAC of ID numbers; the inspection draw's SHA-256 order). */
const DOMAIN_PACKAGES = new Set(['zod', 'chinese-days']);
const DOMAIN_NODE_EXCEPTIONS: Record<string, string[]> = { 'domain/operatorIdentity.ts': ['node:crypto'], 'domain/supervision/draw.ts': ['node:crypto'] };
const WORKFLOW_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common']);

/** A rule says what is wrong with one import of one layer's file, or null. */
const RULES: Record<Layer, (edge: Edge) => string | null> = {
  domain: (e) => {
    if (e.relative) return layerOf(e.target) === 'domain' ? null : 'domain/ imports only domain/';
    if (DOMAIN_NODE_EXCEPTIONS[e.from]?.includes(e.target)) return null;
    return DOMAIN_PACKAGES.has(packageOf(e.target)) ? null : `domain/ uses only pure packages (${[...DOMAIN_PACKAGES].join(', ')})`;
  },
  messages: (e) => {
    if (e.relative) return ['messages', 'domain'].includes(layerOf(e.target)) ? null : 'messages/ imports only messages/ and domain/';
    return WORKFLOW_PACKAGES.has(packageOf(e.target)) ? null : 'messages/ uses only @temporalio/workflow and @temporalio/common (workflows bundle it)';
  },
  data: (e) => (e.relative && ['activities', 'api', 'workflows'].includes(layerOf(e.target)) ? 'data/ does not import activities/, api/ or workflows/' : null),
  workflows: (e) => {
    if (!e.relative) return WORKFLOW_PACKAGES.has(packageOf(e.target)) ? null : 'workflows/ use only @temporalio/workflow and @temporalio/common';
    const layer = layerOf(e.target);
    if (['workflows', 'domain', 'messages'].includes(layer)) return null;
    if (layer === 'activities' && e.typeOnly) return null;
    return layer === 'activities' ? 'workflows/ import activities only as types (import type)' : 'workflows/ import only domain/, messages/ and activity types';
  },
  activities: (e) => (e.relative && ['workflows', 'api'].includes(layerOf(e.target)) ? 'activities/ do not import workflows/ or api/' : null),
  api: (e) => (e.relative && ['activities', 'workflows'].includes(layerOf(e.target)) ? 'api/ does not import activities/ or workflows/ (use data/ and messages/)' : null),
};

function violations(edges: Edge[]): string[] {
  return edges.flatMap((e) => {
    const rule = RULES[layerOf(e.from) as Layer];
    const problem = rule?.(e) ?? null;
    return problem ? [`${e.from}:${e.line} → ${e.target}${e.typeOnly ? ' (type)' : ''}: ${problem}`] : [];
  });
}

const graph = new Map<string, Edge[]>();
for (const layer of LAYERS) {
  for (const file of sourceFilesUnder(layer)) graph.set(file, importsOf(file, readFileSync(path.join(root, file), 'utf8')));
}
const allEdges = [...graph.values()].flat();

/**
 * A call that reaches the database, by the text of its callee (whitespace removed): a Prisma model call on
 * a client or transaction (`prisma.task.findMany`, `tx.objection.update`, `deps.prisma.x.count`), raw SQL
 * or a transaction (`$queryRaw`, `$executeRaw`, `$transaction`, also tagged), a pg query or connection.
 */
const DATABASE_CALLS: Array<[RegExp, string]> = [
  [/(^|\.)(prisma|tx|db)\.[a-z]\w*\.(find\w*|create\w*|update\w*|upsert|delete\w*|count|aggregate|groupBy)$/, 'a Prisma model call'],
  [/\.\$(queryRaw|queryRawUnsafe|executeRaw|executeRawUnsafe|transaction)$/, 'raw SQL or a transaction'],
  [/(^|\.)(pool|bulkPool|client)\.(query|connect)$/, 'a pg query or connection'],
];

/**
 * Files of activities/ and api/ allowed to call the database themselves, each with why. Entries that no
 * longer call it fail the check below, so the list only shrinks.
 */
const DATABASE_CALL_ALLOWED: Record<string, string> = {}; // empty: every call is in data/ (an exception would name its file and why)

/** The database calls in one source text, as `file:line callee: what`. */
function databaseCalls(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const callee = ts.isCallExpression(node) ? node.expression : ts.isTaggedTemplateExpression(node) ? node.tag : null;
    if (callee) {
      const name = callee.getText(source).replace(/\s+/g, '');
      const hit = DATABASE_CALLS.find(([pattern]) => pattern.test(name));
      if (hit) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${name}: ${hit[1]} belongs in data/`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const THIN_LAYERS = ['activities', 'api'] as const;
const callsByFile = new Map<string, string[]>();
for (const layer of THIN_LAYERS) {
  for (const file of sourceFilesUnder(layer)) callsByFile.set(file, databaseCalls(file, readFileSync(path.join(root, file), 'utf8')));
}

describe('one-way layers (docs/architecture.md#layers)', () => {
  it('reads the import graph of every layer', () => {
    for (const layer of LAYERS) expect([...graph.keys()].filter((f) => layerOf(f) === layer).length, layer).toBeGreaterThan(0);
    // Known edges of each kind are seen, so a parser that found nothing could not pass.
    const has = (from: string, target: string, typeOnly: boolean) =>
      allEdges.some((e) => e.from === from && e.target === target && e.typeOnly === typeOnly);
    expect(has('api/routes/feeds.ts', 'data/feedIngestion.ts', false)).toBe(true);
    expect(has('workflows/typingRun.ts', 'activities/typingActivities.ts', true)).toBe(true);
    expect(has('data/applications.ts', 'messages/ids.ts', false)).toBe(true);
    expect(allEdges.filter((e) => e.target.startsWith('UNRESOLVED:'))).toEqual([]);
  });

  it.each(LAYERS)('%s/ imports only in the allowed direction', (layer) => {
    expect(violations(allEdges.filter((e) => layerOf(e.from) === layer))).toEqual([]);
  });

  it('the workflow bundle reaches only workflows/, messages/, domain/ and workflow-safe packages', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    const stack = ['workflows/index.ts'];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const edges = graph.get(file) ?? (file.endsWith('.json') ? [] : importsOf(file, readFileSync(path.join(root, file), 'utf8')));
      for (const e of edges) {
        if (e.typeOnly) continue; // erased: not in the bundle
        if (!e.relative) {
          if (!WORKFLOW_PACKAGES.has(packageOf(e.target)) && !DOMAIN_PACKAGES.has(packageOf(e.target))) bad.push(`${file}:${e.line} → ${e.target}`);
        } else if (!['workflows', 'messages', 'domain'].includes(layerOf(e.target))) bad.push(`${file}:${e.line} → ${e.target}`);
        else stack.push(e.target);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('the check fails on an import against the direction (one example per rule)', () => {
    const upward: [string, string][] = [
      ['domain/x.ts', "import { writeAudit } from '../data/audit';"],
      ['domain/y.ts', "import pg from 'pg';"],
      ['messages/x.ts', "import type { TypingActivities } from '../activities/typingActivities';"],
      ['data/x.ts', "import { createActivities } from '../activities/index';"],
      ['data/y.ts', "import { TaskBoard } from '../workflows/humanTasks';"],
      ['activities/x.ts', "import { TaskBoard } from '../workflows/humanTasks';"],
      ['activities/y.ts', "export { createApp } from '../api/app';"],
      ['api/x.ts', "import { createActivities } from '../activities/index';"],
      ['api/routes/y.ts', "import type { annualCycleWorkflow } from '../../workflows/annualCycle';"],
      ['workflows/x.ts', "import { createTaskActivities } from '../activities/taskActivities';"],
      ['workflows/y.ts', "import { writeAudit } from '../data/audit';"],
      ['workflows/z.ts', "const fs = await import('node:fs');"],
    ];
    for (const [file, text] of upward) expect(violations(importsOf(file, text)), `${file}: ${text}`).toHaveLength(1);
    // …and lets the allowed ones through.
    expect(violations(importsOf('workflows/x.ts', "import type { TaskActivities } from '../activities/taskActivities';"))).toEqual([]);
    expect(violations(importsOf('workflows/x.ts', "import { type TaskActivities } from '../activities/taskActivities';"))).toEqual([]);
    expect(violations(importsOf('api/x.ts', "import { writeAudit } from '../data/audit';"))).toEqual([]);
  });

  it.each(THIN_LAYERS)('%s/ does not call the database itself (data/ does)', (layer) => {
    const calls = [...callsByFile].filter(([file]) => layerOf(file) === layer && !(file in DATABASE_CALL_ALLOWED)).flatMap(([, found]) => found);
    expect(calls).toEqual([]);
  });

  it('every file allowed to call the database still does (else take it off the list)', () => {
    const stale = Object.keys(DATABASE_CALL_ALLOWED).filter((file) => (callsByFile.get(file) ?? []).length === 0);
    expect(stale).toEqual([]);
  });

  it('the database check finds each kind of direct call (one example per pattern) and lets data/ calls through', () => {
    const direct: [string, string][] = [
      ['api/routes/x.ts', 'await prisma.task.findMany({ where: {} });'],
      ['api/routes/x.ts', 'await deps.prisma.objection.updateMany({ where: {}, data: {} });'],
      ['activities/x.ts', 'await prisma\n  .cycle\n  .groupBy({ by: [\'status\'] });'],
      ['activities/x.ts', 'await tx.objection.count({});'],
      ['api/x.ts', 'await prisma.$transaction(async (tx) => 1);'],
      ['api/x.ts', 'await prisma\n  .$transaction([]);'],
      ['api/x.ts', 'await tx.$executeRaw`SELECT 1`;'],
      ['activities/x.ts', 'await prisma.$queryRaw<Array<{ n: number }>>`SELECT 1`;'],
      ['activities/x.ts', "await pool.query('SELECT 1');"],
      ['api/x.ts', "await bulkPool.query('SELECT 1', []);"],
      ['activities/x.ts', 'const client = await pool.connect();'],
      ['activities/x.ts', "await client.query('BEGIN');"],
    ];
    for (const [file, text] of direct) expect(databaseCalls(file, text), `${file}: ${text}`).toHaveLength(1);
    const allowed = [
      "await findCycle(prisma, 2026);",
      "await workflows.query(workflowId, viewQuery, []);",
      "await handle(workflowId).query(query);",
      "// prisma.task.findMany({}) in a comment",
      "const text = 'pool.query(1)';",
      "await prisma.$disconnect(); await pool.end();",
    ];
    for (const text of allowed) expect(databaseCalls('api/x.ts', text), text).toEqual([]);
  });

  it('the signatures the API starts workflows with are the workflows\' own', () => {
    // Checked by the compiler (npm run typecheck): the API types its starts with messages/ signatures.
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    const same: [Same<typeof annualCycleWorkflow, AnnualCycleWorkflow>, Same<typeof recheckWorkflow, RecheckWorkflow>] = [true, true];
    expect(same).toEqual([true, true]);
  });
});
