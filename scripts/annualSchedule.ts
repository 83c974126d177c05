// The `annual-cycle` Schedule: every July 1 00:00 Asia/Shanghai, start the kickoff workflow.
// Created when the system starts (idempotent: an existing schedule is left as it is).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUE } from '../messages/ids';

export const ANNUAL_SCHEDULE_ID = 'annual-cycle';

export async function ensureAnnualSchedule(client: Client, taskQueue = TASK_QUEUE): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: ANNUAL_SCHEDULE_ID,
      spec: {
        calendars: [{ month: 'JULY', dayOfMonth: 1, hour: 0, minute: 0, comment: '年度分型启动：7月1日0时（北京时间）' }],
        timezone: 'Asia/Shanghai',
      },
      action: { type: 'startWorkflow', workflowType: 'annualCycleKickoffWorkflow', taskQueue, args: [] },
      // A missed July 1 (server down) still starts the year's cycle within a week.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      memo: { description: '每年7月1日启动本年度个体工商户分型分类周期' },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
