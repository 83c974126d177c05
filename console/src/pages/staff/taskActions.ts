// Task actions through the API, with the claim conflict explained: who holds the task.
import { api, ApiFailure } from '../../api';

export interface TaskItem {
  id: string; kind: string; title: string; role: string; county: string | null; status: string; assigneeId: string | null; assigneeName: string | null;
  year: number | null; uscc: string | null; dueAt: string; createdAt: string; overdue: boolean;
  /** What the task decides one by one (e.g. the objections an acceptance task lists). */
  items?: string[];
}
/** The list a city confirmation task signs: frozen at the first signature, or as it stands before it. */
export interface ConfirmationList {
  round: number;
  frozen: boolean;
  hash: string;
  entries: Array<{ rank: number; uscc: string; category: string; county: string; score: number }>;
  pending: string[];
  preparedBy: string | null;
  preparedAt: string | null;
}
export interface TaskDetail extends TaskItem {
  comments: Array<{ kind: string; author: string; text: string; at: string }>;
  confirmationList?: ConfirmationList | null;
}

export const getTask = (id: string) => api<TaskDetail>(`/api/v1/tasks/${encodeURIComponent(id)}`);

/** Claims; on a conflict the message names who holds the task now (the API gives the holder's name). */
export async function claim(id: string): Promise<void> {
  try {
    await api(`/api/v1/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST' });
  } catch (e) {
    if (e instanceof ApiFailure && e.code === 'TASK_ALREADY_CLAIMED') {
      const holder = (e.details[0] as { holderName?: string } | undefined)?.holderName;
      throw new ApiFailure(409, e.code, `认领失败：该待办已被${holder ? `工作人员${holder}` : '他人'}认领`);
    }
    throw e;
  }
}

/** Who holds a task, as people read it: me, or the holder's name. */
export const holderLabel = (t: { assigneeId: string | null; assigneeName: string | null }, myId: string) =>
  !t.assigneeId ? '未认领' : t.assigneeId === myId ? '您本人' : (t.assigneeName ?? '其他工作人员');

export const unclaim = (id: string) => api(`/api/v1/tasks/${encodeURIComponent(id)}/unclaim`, { method: 'POST' });
