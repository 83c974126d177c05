// Notification templates (Chinese, for people). Personal data stays out of subjects.
import { shanghaiDateTime } from './shanghaiTime';

export type NotificationKind = 'TASK_ASSIGNED' | 'TASK_REMINDER' | 'TASK_ESCALATED' | 'RECHECK_RESULT';

export interface NotificationContext {
  taskTitle: string;
  uscc: string;
  dueAt: string;
  outcome?: string;
}

export function renderNotification(kind: NotificationKind, c: NotificationContext): { subject: string; text: string } {
  const due = shanghaiDateTime(c.dueAt).replace('T', ' ');
  switch (kind) {
    case 'TASK_ASSIGNED':
      return { subject: `【待办】${c.taskTitle}`, text: `您有一项新的待办：${c.taskTitle}。\n办理期限：${due}（北京时间）。\n请登录系统办理。` };
    case 'TASK_REMINDER':
      return { subject: `【即将到期】${c.taskTitle}`, text: `待办「${c.taskTitle}」将于 ${due}（北京时间）到期，目前尚未办理，请尽快处理。` };
    case 'TASK_ESCALATED':
      return { subject: `【已超期】${c.taskTitle}`, text: `待办「${c.taskTitle}」已于 ${due}（北京时间）超期未办，现提请县级市场监管部门督办。` };
    case 'RECHECK_RESULT':
      return { subject: '【分型复核结果】您提交的复核已办结', text: `统一社会信用代码 ${c.uscc} 的分型复核已办结：${c.outcome ?? ''}。\n采纳的数值将用于 9 月 30 日的重新分型。` };
  }
}
