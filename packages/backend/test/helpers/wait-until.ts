/**
 * Waiting in tests: poll a condition until it holds, with a generous deadline (a loaded machine is
 * slow), never a fixed sleep. The short pause between polls only yields to the work being waited on.
 */
const POLL_MS = 20;
const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** Resolves once `check` holds; throws after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await pause();
  }
}

/** Reads until `done(value)` holds and returns that value; throws (showing the last one) after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await pause();
  }
}
