// A step of a file's scenario that several tests build on (a cycle started, a recheck filed): it runs
// once, in whichever test needs it first, so each test also runs alone (`vitest -t …`) or after any
// subset of the others, instead of relying on an earlier test having done it.
export function step<T>(run: () => PromiseLike<T>): () => Promise<T> {
  let done: Promise<T> | undefined;
  // Settled once into a real Promise: a supertest request is a thenable that would be sent again.
  return () => (done ??= Promise.resolve().then(run));
}
