// npm run principal:create -- --name 随县市场监管局 --role COUNTY_AMR --county 421321 [--department 市场监管] [--uscc …] [--email …] [--expires-days 365]
// Creates a principal and prints its API token once (only its hash is stored; it expires). Audited.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { COUNTY_CODES, COUNTY_SCOPED, ROLE_CODES } from '../domain/roles';
import { isValidUscc } from '../domain/uscc';
import { writeAudit } from '../data/audit';
import { DEFAULT_TOKEN_LIFETIME_DAYS, issueToken } from '../api/tokenLifecycle';
import { createPrismaClient } from '../prisma/client';

const args = z
  .object({
    name: z.string().min(1),
    role: z.enum(ROLE_CODES),
    department: z.string().min(1).optional(),
    county: z.enum(COUNTY_CODES).optional(),
    uscc: z.string().refine(isValidUscc, '统一社会信用代码无效').optional(),
    email: z.email('邮箱地址无效').optional(),
    'expires-days': z.coerce.number().int().min(1).max(3650).default(DEFAULT_TOKEN_LIFETIME_DAYS),
  })
  .refine((a) => !COUNTY_SCOPED.includes(a.role) || a.county, { message: '该角色必须指定 --county', path: ['county'] })
  .refine((a) => a.role !== 'HOUSEHOLD' || a.uscc, { message: '经营者必须指定 --uscc', path: ['uscc'] })
  .safeParse(
    parseArgs({ options: { name: { type: 'string' }, role: { type: 'string' }, department: { type: 'string' }, county: { type: 'string' }, uscc: { type: 'string' }, email: { type: 'string' }, 'expires-days': { type: 'string' } } }).values,
  );
if (!args.success) {
  console.error(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const prisma = createPrismaClient(url, 1);
const { 'expires-days': lifetimeDays, ...fields } = args.data;
const { principal, token, expiresAt } = await prisma.$transaction(async (tx) => {
  const created = await tx.principal.create({
    data: { ...fields, department: fields.department ?? null, county: fields.county ?? null, uscc: fields.uscc ?? null, email: fields.email ?? null },
  });
  await writeAudit(tx, { actorId: null, actorRole: 'SYSTEM', action: 'PRINCIPAL_CREATED', targetType: 'principal', targetId: created.id, after: { role: created.role, county: created.county, department: created.department } });
  return { principal: created, ...(await issueToken(tx, created.id, { lifetimeDays })) };
});
await prisma.$disconnect();
console.log(`principal ${principal.id} (${principal.role}) created; token (shown once, expires ${expiresAt.toISOString()}):\n${token}`);
