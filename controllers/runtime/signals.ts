// Graceful shutdown the way controller-runtime's signals.SetupSignalHandler does it: the first
// SIGTERM or SIGINT aborts the returned signal (the manager stops taking work, drains what is in
// flight, releases its lease); a second one means the operator does not want to wait, and the
// process exits at once with code 1.
import type { Logger } from 'pino';

export interface SignalHandlerOptions {
  /** Logs which signal arrived. @default none */
  readonly logger?: Logger;
  /** The signals that mean "shut down". @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
}

let installed: AbortSignal | undefined;

/**
 * Installs the handlers (once per process; later calls return the same signal) and returns the
 * signal the first shutdown signal aborts. Its `reason` is an Error naming the signal.
 */
export function setupSignalHandler(options: SignalHandlerOptions = {}): AbortSignal {
  if (installed) return installed;
  const controller = new AbortController();
  installed = controller.signal;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      options.logger?.info({ signal }, 'shutting down: received %s (send it again to exit immediately)', signal);
      controller.abort(new Error(`received ${signal}`));
      return;
    }
    options.logger?.warn({ signal }, 'received a second shutdown signal (%s): exiting immediately', signal);
    process.exit(1);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return controller.signal;
}
