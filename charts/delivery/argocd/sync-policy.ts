import type { ApplicationSpecSyncPolicy } from '../../imports/argoproj.io.js';

/** Argo CD's Application annotation for comparison options. */
export const ARGOCD_COMPARE_OPTIONS = 'argocd.argoproj.io/compare-options';

/**
 * Compare with server-side diff: Argo CD dry-runs its server-side apply and compares the result with
 * the live object, so defaults the API servers fill in (CRD defaults, Gardener's admission) and
 * fields other managers own never show as a difference.
 */
export const SERVER_SIDE_DIFF = 'ServerSideDiff=true';

/** How a failed sync is retried: Flux's reconcile keeps retrying at its interval; so does this. */
export interface SyncRetry {
  /** Retries after a failed sync; -1 is unlimited (Argo CD), which a bring-up needs: a layer waits for others. Default: -1. */
  readonly limit?: number;
  /** First backoff, a Go duration. Default: `30s`. */
  readonly duration?: string;
  /** Factor each further backoff grows by. Default: 2. */
  readonly factor?: number;
  /** Longest backoff, a Go duration. Default: the landscape's delivery interval, as Flux's reconcile interval. */
  readonly maxDuration: string;
}

const DURATION = /^\d+(s|m|h)$/;

/**
 * The sync policy of every Application of dist/argocd:
 * - automated with prune and selfHeal: Argo CD applies each commit and reverts drift, as Flux does;
 *   protected objects carry Prune=false,Delete=false (protect.ts);
 * - ServerSideApply=true: fields are owned per manager, so Gardener's controllers keep theirs (Flux
 *   applies server-side too);
 * - CreateNamespace=false: dist/ renders every Namespace itself, protected;
 * - RespectIgnoreDifferences=true: a sync keeps the live value of ignored fields (ignore-differences.ts)
 *   instead of resetting them;
 * - SkipDryRunOnMissingResource=true when the source holds kinds whose CRD or API arrives with an
 *   earlier layer (crd-arrival.ts): the dry-run of a kind not served yet fails the whole sync;
 * - retry with exponential backoff, `refresh: true` so a retry takes the newest revision (Argo CD ≥ 3.2;
 *   without it an unlimited retry would keep applying a broken commit after its fix).
 */
export function syncPolicy(options: { readonly skipDryRunOnMissingResource: boolean; readonly retry: SyncRetry }): ApplicationSpecSyncPolicy {
  const retry = { limit: -1, duration: '30s', factor: 2, ...options.retry };
  if (!Number.isInteger(retry.limit) || retry.limit < -1) throw new Error(`syncPolicy: retry.limit ${retry.limit} must be -1 (unlimited) or a count ≥ 0`);
  if (!Number.isInteger(retry.factor) || retry.factor < 1) throw new Error(`syncPolicy: retry.factor ${retry.factor} must be an integer ≥ 1`);
  for (const [field, value] of [
    ['duration', retry.duration],
    ['maxDuration', retry.maxDuration],
  ] as const) {
    if (!DURATION.test(value)) throw new Error(`syncPolicy: retry.${field} "${value}" must be a duration like 30s, 10m or 1h`);
  }
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: [
      'ServerSideApply=true',
      'CreateNamespace=false',
      'RespectIgnoreDifferences=true',
      ...(options.skipDryRunOnMissingResource ? ['SkipDryRunOnMissingResource=true'] : []),
    ],
    retry: { limit: retry.limit, refresh: true, backoff: { duration: retry.duration, factor: retry.factor, maxDuration: retry.maxDuration } },
  };
}
