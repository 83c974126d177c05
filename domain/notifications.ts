// Notification templates (Chinese, for people). Personal data stays out of subjects.
import { shanghaiDateTime } from './shanghaiTime';

export type NotificationKind =
  | 'TASK_ASSIGNED' | 'TASK_REMINDER' | 'TASK_ESCALATED' | 'RECHECK_RESULT'
  | 'APPLICATION_RECEIVED' | 'APPLICATION_REFUSED' | 'APPLICATION_SHORTLISTED' | 'APPLICATION_NOT_SELECTED' | 'APPLICATION_IN_NOTICE'
  | 'OBJECTION_OUTCOME' | 'APPLICATION_DESIGNATED' | 'APPLICATION_NOT_DESIGNATED' | 'APPLICATION_WITHDRAWN'
  | 'REVOCATION_NOTICE' | 'REVOCATION_DEFENCE_RECEIVED' | 'DESIGNATION_REVOKED' | 'REVOCATION_DISMISSED'
  | 'BASE_LIST_INVITATION' | 'APPEAL_RECEIVED' | 'APPEAL_OUTCOME';

export interface NotificationContext {
  taskTitle: string;
  uscc: string;
  dueAt: string;
  outcome?: string;
}

export function renderNotification(kind: NotificationKind, c: NotificationContext): { subject: string; text: string } {
  const due = c.dueAt ? shanghaiDateTime(c.dueAt).replace('T', ' ') : '';
  switch (kind) {
    case 'TASK_ASSIGNED':
      return { subject: `【待办】${c.taskTitle}`, text: `您有一项新的待办：${c.taskTitle}。\n办理期限：${due}（北京时间）。\n请登录系统办理。` };
    case 'TASK_REMINDER':
      return { subject: `【即将到期】${c.taskTitle}`, text: `待办「${c.taskTitle}」将于 ${due}（北京时间）到期，目前尚未办理，请尽快处理。` };
    case 'TASK_ESCALATED':
      return { subject: `【已超期】${c.taskTitle}`, text: `待办「${c.taskTitle}」已于 ${due}（北京时间）超期未办，现提请县级市场监管部门督办。` };
    case 'APPLICATION_RECEIVED':
      return { subject: '【名特优新】申请已受理', text: `统一社会信用代码 ${c.uscc}：${c.outcome ?? ''}。\n我们将依据部门共享数据进行资格审查，无需重复提交已共享的信息。` };
    case 'APPLICATION_REFUSED':
      return { subject: '【名特优新】申请未通过', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}未通过。\n原因：${c.outcome ?? ''}\n如有异议，可在收到通知之日起 10 个工作日内${due ? `（截至 ${due}，北京时间）` : ''}通过系统向市市场监管局提出申诉，并说明理由。` };
    case 'APPEAL_RECEIVED':
      return { subject: '【名特优新】申诉已受理', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}：已收到您的申诉，市市场监管局将于 ${due}（北京时间）前作出复核决定。` };
    case 'APPEAL_OUTCOME':
      return { subject: '【名特优新】申诉复核结果', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}：${c.outcome ?? ''}` };
    case 'APPLICATION_SHORTLISTED':
      return { subject: '【名特优新】您已拟入选', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}：${c.outcome ?? ''}。\n接下来将进行公示。` };
    case 'APPLICATION_NOT_SELECTED':
      return { subject: '【名特优新】排名结果', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}：${c.outcome ?? ''}。` };
    case 'APPLICATION_IN_NOTICE':
      return { subject: '【名特优新】公示开始', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}已进入公示，公示截止 ${due}（北京时间）。公示期间收到的实名异议将依法核查。` };
    case 'OBJECTION_OUTCOME':
      return { subject: '【名特优新】公示异议处理结果', text: `统一社会信用代码 ${c.uscc}：${c.outcome ?? ''}。` };
    case 'APPLICATION_DESIGNATED':
      return { subject: '【名特优新】认定结果', text: `恭喜！统一社会信用代码 ${c.uscc}：${c.outcome ?? ''}。\n认定信息已纳入个体工商户名录。` };
    case 'APPLICATION_NOT_DESIGNATED':
      return { subject: '【名特优新】认定结果', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}本年度未获认定。\n原因：${c.outcome ?? ''}` };
    case 'APPLICATION_WITHDRAWN':
      return { subject: '【名特优新】申请已撤回', text: `统一社会信用代码 ${c.uscc} 的${c.taskTitle}已撤回：${c.outcome ?? ''}。` };
    case 'REVOCATION_NOTICE':
      return {
        subject: '【名特优新】拟撤销认定告知',
        text: `统一社会信用代码 ${c.uscc} 的名特优新认定拟予撤销。\n事实与理由：${c.outcome ?? ''}\n您有权陈述和申辩：请于 ${due}（北京时间）前通过系统提交陈述申辩意见，逾期视为放弃。`,
      };
    case 'REVOCATION_DEFENCE_RECEIVED':
      return { subject: '【名特优新】已收到陈述申辩', text: `统一社会信用代码 ${c.uscc}：已收到您的陈述申辩意见，市市场监管局将在作出决定时予以考虑。` };
    case 'DESIGNATION_REVOKED':
      return { subject: '【名特优新】撤销认定决定', text: `统一社会信用代码 ${c.uscc} 的名特优新认定已撤销，名录中的名特优新标识同时撤下。\n理由：${c.outcome ?? ''}` };
    case 'REVOCATION_DISMISSED':
      return { subject: '【名特优新】不予撤销决定', text: `统一社会信用代码 ${c.uscc}：经审查，不予撤销您的名特优新认定，认定继续有效。\n理由：${c.outcome ?? ''}` };
    case 'BASE_LIST_INVITATION':
      return {
        subject: '【名特优新】邀请申报',
        text: `统一社会信用代码 ${c.uscc}：根据部门共享的商标、专利、荣誉等数据，您已列入本年度名特优新基础名单（建议申报类别：${c.outcome ?? ''}）。\n欢迎在申报截止（${due}，北京时间）前登录系统自主申报；是否申报由您自愿决定，不收取任何费用。`,
      };
    case 'RECHECK_RESULT':
      return { subject: '【分型复核结果】您提交的复核已办结', text: `统一社会信用代码 ${c.uscc} 的分型复核已办结：${c.outcome ?? ''}。\n采纳的数值将用于 9 月 30 日的重新分型。` };
  }
}
