// The officers of bench/tasks.ts as an outside load test runs them: in a process of their own, so their 50
// HTTP clients do not share the event loop of the process under test (the API, the worker, the no-op's
// client). Given the API's address, each officer's token and task, and the window by its parent (IPC), it
// claims and unclaims in a closed loop and answers the loop's figures.
import http from 'node:http';
import { closedLoop, type LoopResult } from './closedLoop';

export interface HttpLoadJob {
  apiUrl: string;
  officers: Array<{ token: string; taskId: string }>;
  warmup: number;
  seconds: number;
}

// node:http with a keep-alive agent, one socket per officer: a load generator as light as wrk or autocannon
// would be (the 2 cores are shared with the system under test; fetch's streams cost it several times more).
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function act(apiUrl: string, token: string, taskId: string, verb: 'claim' | 'unclaim'): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${apiUrl}/api/v1/tasks/${encodeURIComponent(taskId)}/${verb}`, { method: 'POST', agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (res.statusCode === 200) resolve();
        else reject(new Error(`${verb} → ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

process.once('message', (job: HttpLoadJob) => {
  void closedLoop(job.officers.length, (i, step) => act(job.apiUrl, job.officers[i]!.token, job.officers[i]!.taskId, step % 2 === 0 ? 'claim' : 'unclaim'), job)
    .then((result: LoopResult) => process.send!(result, () => process.exit(0)));
});
