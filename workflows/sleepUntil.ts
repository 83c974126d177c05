// Sleeping until an instant (a calendar milestone, a designation's end): workflow time, so the
// time-skipping test server can jump to it; nothing happens when the instant has passed.
import { sleep } from '@temporalio/workflow';

export async function sleepUntil(instant: string | Date, summary: string): Promise<void> {
  const wait = new Date(instant).getTime() - Date.now();
  if (wait > 0) await sleep(wait, { summary });
}
