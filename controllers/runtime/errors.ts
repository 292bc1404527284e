// Errors of the API client: the server's own status (code, reason, message), so callers can tell a
// conflict from a missing object from a server that is not reachable at all.

/** An answer of the API server other than 2xx, with its Status object's reason and message. */
export class ApiError extends Error {
  public override readonly name = 'ApiError';

  public constructor(
    /** HTTP status code. */
    public readonly status: number,
    /** The Status object's `reason` (e.g. `NotFound`, `Conflict`, `Expired`), if the server sent one. */
    public readonly reason: string | undefined,
    message: string,
    /** What the client was doing, e.g. `PATCH /api/v1/namespaces/a/secrets/b`. */
    public readonly request: string,
  ) {
    super(`${request}: ${status}${reason ? ` ${reason}` : ''}: ${message}`);
  }
}

/** The server could not be reached or the connection broke (refused, reset, timed out). */
export class ConnectionError extends Error {
  public override readonly name = 'ConnectionError';

  public constructor(
    public readonly request: string,
    cause: unknown,
  ) {
    super(`${request}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;
export const isConflict = (err: unknown): boolean => err instanceof ApiError && err.status === 409;
/** 410 Gone: the resourceVersion a list or watch started from has been compacted away. */
export const isGone = (err: unknown): boolean => err instanceof ApiError && err.status === 410;

/** The message of anything thrown, for status fields and events. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
