// Starts the deployment's reminder workflow (`reminders`, docs/architecture.md#workflows-and-their-ids)
// when the system starts. Idempotent: a running one is left as it is; one that ended (terminated, failed)
// is started again.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { REMINDERS_WORKFLOW_ID, TASK_QUEUE } from '../messages/ids';
import type { ReminderInput } from '../messages/reminderMessages';

export async function ensureReminderWorkflow(client: Client, taskQueue = TASK_QUEUE, input: ReminderInput = {}): Promise<'started' | 'running'> {
  try {
    await client.workflow.start('reminderWorkflow', { workflowId: REMINDERS_WORKFLOW_ID, taskQueue, args: [input] });
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw error;
  }
}
