// Staff are named by their display name where the console shows who holds or did something. Staff
// names are not household personal data; only the name leaves the API (no email, no token).
import { principalNames } from '../data/principals';
import type { PrismaClient } from '../prisma/client';
import { ApiError } from './errors';
import { WorkflowRefusal } from './workflowCalls';

/** Display names of principals by id (unknown ids are absent). */
export async function staffNames(prisma: PrismaClient, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await principalNames(prisma, wanted);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A claim refused because someone holds the task answers 409 with the holder's name in `details`. */
export async function namingTheHolder<T>(prisma: PrismaClient, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof WorkflowRefusal) || error.code !== 'TASK_ALREADY_CLAIMED') throw error;
    const holderId = (error.failureDetails[0] as { holderId?: unknown } | undefined)?.holderId;
    const name = typeof holderId === 'string' ? (await staffNames(prisma, [holderId])).get(holderId) : undefined;
    if (!name) throw error;
    throw new ApiError(409, error.code, `该待办已被${name}认领`, [{ holderName: name }]);
  }
}
