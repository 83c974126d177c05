// npm run principal:revoke -- --principal <id> [--token <token id>] [--disable] --reason 离职
// Revokes a principal's tokens (all live ones, or one), optionally disables the principal. Audited.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { revokeTokens } from '../api/tokenLifecycle';
import { createPrismaClient } from '../prisma/client';

const args = z
  .object({
    principal: z.uuid('须为身份编号（UUID）'),
    token: z.uuid('须为令牌编号（UUID）').optional(),
    disable: z.boolean().default(false),
    reason: z.string('须说明撤销原因').trim().min(1, '须说明撤销原因'),
  })
  .safeParse(parseArgs({ options: { principal: { type: 'string' }, token: { type: 'string' }, disable: { type: 'boolean' }, reason: { type: 'string' } } }).values);
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
try {
  const { revoked, disabled } = await revokeTokens(prisma, { principalId: args.data.principal, tokenId: args.data.token, disable: args.data.disable, reason: args.data.reason });
  console.log(`principal ${args.data.principal}: ${revoked.length} token(s) revoked${revoked.length ? ` (${revoked.join(', ')})` : ''}${disabled ? '; principal disabled' : ''}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
