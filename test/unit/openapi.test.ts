import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../api/endpoints';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/writeOpenApi';

describe('OpenAPI document', () => {
  it('committed api/openapi.json is up to date (run `npm run openapi:write` after changing a contract)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });

  it('documents every endpoint, with bearer security on all but the public ones', () => {
    const doc = JSON.parse(renderOpenApi()) as { paths: Record<string, Record<string, { security: unknown[] }>> };
    for (const endpoint of ENDPOINTS) {
      const op = doc.paths[endpoint.path.replace(/:(\w+)/g, '{$1}')]?.[endpoint.method];
      expect(op, `${endpoint.method} ${endpoint.path}`).toBeDefined();
      expect(op!.security).toEqual(endpoint.roles === null ? [] : [{ bearer: [] }]);
    }
  });
});
