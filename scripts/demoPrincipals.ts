// Demo principals for the embedded default: one per kind of user, tokens written once to a file
// readable only by the owner, so a restart finds them again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Role } from '../domain/roles';
import type { PrismaClient } from '../prisma/client';
import { hashToken } from '../api/tokens';
import { issueToken } from '../api/tokenLifecycle';

interface DemoPrincipal {
  key: string;
  name: string;
  role: Role;
  department?: string;
  county?: string;
  uscc?: string;
  email?: string;
}

export const DEMO_PRINCIPALS: DemoPrincipal[] = [
  { key: 'city-admin', name: '随州市市场监管局（管理员）', role: 'CITY_AMR', department: '市场监管', email: 'city.amr@example.com' },
  { key: 'county-zengdu', name: '曾都区市场监管局', role: 'COUNTY_AMR', department: '市场监管', county: '421303', email: 'zengdu.amr@example.com' },
  { key: 'county-suixian', name: '随县市场监管局', role: 'COUNTY_AMR', department: '市场监管', county: '421321', email: 'suixian.amr@example.com' },
  { key: 'staff-suixian', name: '随县市场监管所工作人员', role: 'GRASSROOTS_STAFF', department: '市场监管', county: '421321', email: 'staff.suixian@example.com' },
  // A second officer: on-site visits are scored by two different assessors.
  { key: 'staff-suixian-2', name: '随县市场监管所工作人员（二）', role: 'GRASSROOTS_STAFF', department: '市场监管', county: '421321', email: 'staff2.suixian@example.com' },
  { key: 'dept-tax', name: '随州市税务局（数据接口）', role: 'DATA_SOURCE', department: '税务' },
  { key: 'dept-commerce', name: '随州市商务局', role: 'SECTOR_DEPARTMENT', department: '商务' },
  { key: 'household-demo', name: '示例个体工商户', role: 'HOUSEHOLD', uscc: '92421303MA4D123453', email: 'household@example.com' },
  { key: 'auditor', name: '市纪委监委派驻纪检组（只读）', role: 'AUDITOR' },
];

export type DemoTokens = Record<string, string>;

/** Returns the demo tokens, creating principals and tokens only if the file's tokens are not all valid. */
export async function ensureDemoPrincipals(prisma: PrismaClient, tokensFile: string): Promise<{ tokens: DemoTokens; created: boolean }> {
  if (existsSync(tokensFile)) {
    const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as DemoTokens;
    const hashes = Object.values(tokens).map(hashToken);
    const found = await prisma.apiToken.count({ where: { tokenHash: { in: hashes }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } });
    if (found === hashes.length && hashes.length === DEMO_PRINCIPALS.length) return { tokens, created: false };
  }
  const tokens: DemoTokens = {};
  await prisma.$transaction(async (tx) => {
    for (const p of DEMO_PRINCIPALS) {
      const principal = await tx.principal.create({
        data: {
          name: p.name,
          role: p.role,
          department: p.department ?? null,
          county: p.county ?? null,
          uscc: p.uscc ?? null,
          email: p.email ?? null,
        },
      });
      tokens[p.key] = (await issueToken(tx, principal.id, { label: `demo:${p.key}` })).token;
    }
  });
  writeFileSync(tokensFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  return { tokens, created: true };
}
