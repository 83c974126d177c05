// The officers of bench/tasks.ts as an outside load test runs them: in a process of their own, so their 50
// HTTP clients do not share the event loop of the process under test (the API, the worker, the no-op's
// client). Given the API's address, each officer's token and task, and the window by its parent (IPC), it
// claims and unclaims in a closed loop and answers the loop's figures.
import { closedLoop, type LoopResult } from './closedLoop';

export interface HttpLoadJob {
  apiUrl: string;
  officers: Array<{ token: string; taskId: string }>;
  warmup: number;
  seconds: number;
}

async function act(apiUrl: string, token: string, taskId: string, verb: 'claim' | 'unclaim'): Promise<void> {
  const res = await fetch(`${apiUrl}/api/v1/tasks/${encodeURIComponent(taskId)}/${verb}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { code?: string; message?: string };
  if (res.status !== 200) throw new Error(`${verb} → ${res.status} ${body.code}: ${body.message}`);
}

process.once('message', (job: HttpLoadJob) => {
  void closedLoop(job.officers.length, (i, step) => act(job.apiUrl, job.officers[i]!.token, job.officers[i]!.taskId, step % 2 === 0 ? 'claim' : 'unclaim'), job)
    .then((result: LoopResult) => process.send!(result, () => process.exit(0)));
});
