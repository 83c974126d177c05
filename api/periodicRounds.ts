// A reconciler's rounds in this process: one round every `intervalMs`, never two at once, a failed round
// logged by its error's name only (no personal data) and retried at the next; the returned function
// stops the rounds and waits for the one running.
export function startPeriodicRounds(what: string, round: () => Promise<unknown>, intervalMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(round).catch((error: unknown) => {
      console.error(`[api] ${what} round failed: ${(error as Error)?.name ?? 'error'}`);
    });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
