// The officers of bench/tasks.ts as an outside load test runs them: in a process of their own, so their 50
// HTTP clients do not share the event loop of the process under test (the API, the worker, the no-op's
// client). Given the API's address, each officer's token and task, and the window by its parent (IPC), it
// claims and unclaims in a closed loop and answers the loop's figures. Each officer has one keep-alive
// connection and its two requests prepared once (bench/rawHttpConnection.ts), as wrk or autocannon would.
import { closedLoop, type LoopResult } from './closedLoop';
import { emptyPost, RawHttpConnection } from './rawHttpConnection';

export interface HttpLoadJob {
  apiUrl: string;
  officers: Array<{ token: string; taskId: string }>;
  warmup: number;
  seconds: number;
}

process.once('message', (job: HttpLoadJob) => {
  const api = new URL(job.apiUrl);
  const officers = job.officers.map(({ token, taskId }) => {
    const path = (verb: string) => `/api/v1/tasks/${encodeURIComponent(taskId)}/${verb}`;
    const headers = { Authorization: `Bearer ${token}` };
    return {
      connection: new RawHttpConnection(api.hostname, Number(api.port)),
      requests: [emptyPost(api.host, path('claim'), headers), emptyPost(api.host, path('unclaim'), headers)] as const,
    };
  });
  const act = async (i: number, step: number) => {
    const officer = officers[i]!;
    const answer = await officer.connection.send(officer.requests[step % 2]!);
    if (answer.status !== 200) throw new Error(`${step % 2 ? 'unclaim' : 'claim'} → ${answer.status} ${answer.body.slice(0, 200)}`);
  };
  void closedLoop(officers.length, act, job).then((result: LoopResult) => {
    for (const officer of officers) officer.connection.close();
    process.send!(result, () => process.exit(0));
  });
});
