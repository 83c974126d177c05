// The machine's CPU over a stretch of a bench, from /proc/stat (Linux): how busy it was, and how much the
// hypervisor took (steal). On a shared virtual machine a loop that lost a third of its CPU to steal is an
// unlucky round, not a slower system; the bench prints both beside its figures.
import { readFileSync } from 'node:fs';

interface Ticks { busy: number; idle: number; steal: number }

function ticks(): Ticks | null {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { busy: user! + nice! + system! + irq! + softirq!, idle: idle! + iowait!, steal: steal ?? 0 };
  } catch {
    return null; // not Linux: no figures
  }
}

/** Starts measuring; the returned function describes the stretch since, e.g. "busy 84%, steal 3%". */
export function machineCpu(): () => string {
  const from = ticks();
  return () => {
    const to = ticks();
    if (!from || !to) return 'CPU n/a';
    const [busy, idle, steal] = [to.busy - from.busy, to.idle - from.idle, to.steal - from.steal];
    const all = busy + idle + steal || 1;
    return `CPU busy ${Math.round((busy / all) * 100)}%, steal ${Math.round((steal / all) * 100)}%`;
  };
}
