// The rules the code implements are cited from docs/policy.md, which is in the repository, never from the
// specification files outside it (issue 9 item 4): a comment pointing at domain.md or design.md fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const SKIP = new Set(['node_modules', 'generated', 'dist', 'docs', '.git', '.tools', '.data', 'coverage', 'test-output']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [full] : [];
  });
}

describe('rule citations', () => {
  it('no source file outside docs/ cites domain.md or design.md', () => {
    const self = path.relative(root, import.meta.filename);
    const cites = sources(root)
      .map((file) => path.relative(root, file))
      .filter((file) => file !== self)
      .flatMap((file) => readFileSync(path.join(root, file), 'utf8').split('\n').flatMap((text, i) => (/\b(domain|design)\.md\b/.test(text) ? [`${file}:${i + 1}`] : [])));
    expect(cites, 'cite docs/policy.md (or docs/architecture.md) instead').toEqual([]);
  });
});
