// A child process for signals.test.ts: installs the handler, reports on stdout when it is ready
// and when the signal aborts, then keeps running ("draining") until the parent kills it or sends a
// second signal. Started with tsx, so it runs the module under test from source.
import { setupSignalHandler } from '../signals.js';

const signal = setupSignalHandler();
const same = setupSignalHandler();
const drainMs = Number(process.env.DRAIN_MS ?? '60000');
signal.addEventListener('abort', () => {
  process.stdout.write(`aborted: ${String((signal.reason as Error).message)}\n`);
  // graceful work that takes a while; a second signal must not wait for it
  setTimeout(() => {
    process.stdout.write('drained\n');
    process.exit(0);
  }, drainMs);
});
process.stdout.write(`ready ${signal === same}\n`);
setInterval(() => undefined, 1000);
