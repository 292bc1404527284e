// Polls a condition until it holds. Fails early when the server it depends on has
// exited, or with the last error when time runs out; either way the message carries the
// server's log tail and the server is stopped (the caller may not track it yet).
import type { ServerProcess } from './process.js';

export async function waitFor(what: string, server: ServerProcess, check: () => Promise<boolean | string>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    if (server.hasExited()) {
      throw new Error(`${server.name} exited while waiting for ${what}; last lines of ${server.logFile}:\n${server.logTail(40)}`);
    }
    try {
      const result = await check();
      if (result === true) return;
      if (typeof result === 'string') last = result;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      const tail = server.logTail(40);
      await server.stop();
      throw new Error(
        `timed out after ${timeoutMs / 1000}s waiting for ${what} (last: ${last || 'not ready'}); ` + `last lines of ${server.logFile}:\n${tail}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A waitFor check: true once a plain-HTTP GET of `url` answers 2xx, else the status and body (for the timeout message). */
export function httpOk(url: string): () => Promise<true | string> {
  return async () => {
    const res = await fetch(url);
    return res.ok ? true : `${res.status} ${await res.text()}`;
  };
}
