// npm run audit:verify — recomputes the audit trail's hash chain on DATABASE_URL. Exit 0 and the head
// hash when intact; exit 1 naming the first row that does not verify; exit 2 when it cannot check.
// The head hash is printed once the rows it covers are on disk (some commit without waiting: data/walFlush.ts),
// so a hash recorded elsewhere cannot name rows that a crash of PostgreSQL a moment later would take back.
import { verifyAuditChain } from '../data/auditChain';
import { walFlushedToNow } from '../data/walFlush';
import { createPool } from '../prisma/client';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const pool = createPool(url, 1);
try {
  const report = await verifyAuditChain(pool);
  if (report.broken) {
    const { id, chainSeq, reason } = report.broken;
    console.error(`audit chain BROKEN at chain_seq ${chainSeq}${id ? ` (audit_entry id ${id})` : ''}: ${reason}`);
    console.error(`${report.rows} rows verified before it`);
    process.exitCode = 1;
  } else {
    const onDisk = await walFlushedToNow(pool);
    console.log(`audit chain intact: ${report.rows} rows, head hash ${report.headHash}`);
    if (!onDisk) console.error('the rows it covers could not be confirmed on disk within 5 s: run it again before recording the head hash elsewhere');
  }
} catch (error) {
  console.error(`audit chain could not be checked: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await pool.end();
}
