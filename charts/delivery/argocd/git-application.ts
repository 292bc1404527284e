import { Construct } from 'constructs';
import { Application, type ApplicationSpecIgnoreDifferences } from '../../imports/argoproj.io.js';
import { ARGOCD_KEEP_OPTIONS, ARGOCD_SYNC_OPTIONS } from './protect.js';
import type { ClusterRef } from './project-scope.js';
import { SYNC_WAVE } from './sync-waves.js';
import { ARGOCD_COMPARE_OPTIONS, SERVER_SIDE_DIFF, syncPolicy, type SyncRetry } from './sync-policy.js';

export interface GitApplicationProps {
  /** Application name (DNS subdomain). */
  readonly name: string;
  /** The Argo CD namespace the Application lives in. */
  readonly namespace: string;
  /** The AppProject it belongs to. */
  readonly project: string;
  /** https:// or ssh:// URL of the repository holding dist/. */
  readonly repoURL: string;
  /** Branch Argo CD follows. */
  readonly targetRevision: string;
  /** Folder in the repository, relative without leading or trailing `/` (Argo CD's form), e.g. `dist/runtime/garden`. */
  readonly path: string;
  /** Cluster the folder is applied to. */
  readonly cluster: ClusterRef;
  /** Namespace for objects without one; the project must permit it. */
  readonly destinationNamespace: string;
  /** Sync wave within the root app; default: none (wave 0). */
  readonly wave?: number;
  /** Whether the folder holds kinds whose CRD or API arrives with an earlier layer. Default: false. */
  readonly skipDryRunOnMissingResource?: boolean;
  /** Fields that differ in the cluster on purpose. Default: none. */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
  /** Retry of failed syncs (sync-policy.ts). */
  readonly retry: SyncRetry;
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * An Argo CD Application that applies one folder of dist/ from Git. It carries no
 * `resources-finalizer.argocd.argoproj.io`, so deleting it (or the root app) never cascades to the
 * objects it applied, and `Prune=false,Delete=false` itself, so an Application that left git stays
 * until someone deletes it on purpose. Diffs are server-side (sync-policy.ts).
 */
export class GitApplication extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: GitApplicationProps) {
    super(scope, id);
    if (!NAME.test(props.name) || props.name.length > 253)
      throw new Error(`GitApplication: name "${props.name}" must be a DNS subdomain (lowercase letters, digits, "-", ".")`);
    if (!/^(https|ssh):\/\//.test(props.repoURL))
      throw new Error(`GitApplication ${props.name}: repoURL "${props.repoURL}" must start with https:// or ssh://`);
    if (props.path === '' || props.path.startsWith('/') || props.path.startsWith('./') || props.path.endsWith('/')) {
      throw new Error(`GitApplication ${props.name}: path "${props.path}" must be relative, without leading "/" or "./" and without trailing "/"`);
    }
    if (props.destinationNamespace === '') throw new Error(`GitApplication ${props.name}: destinationNamespace must not be empty (the AppProject matches it)`);
    if (props.wave !== undefined && !Number.isInteger(props.wave)) throw new Error(`GitApplication ${props.name}: wave ${props.wave} must be an integer`);
    this.name = props.name;
    const destination = props.cluster.server !== undefined ? { server: props.cluster.server } : { name: props.cluster.name };
    new Application(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: {
          [ARGOCD_COMPARE_OPTIONS]: SERVER_SIDE_DIFF,
          [ARGOCD_SYNC_OPTIONS]: ARGOCD_KEEP_OPTIONS.join(','),
          ...(props.wave !== undefined ? { [SYNC_WAVE]: String(props.wave) } : {}),
        },
      },
      spec: {
        project: props.project,
        source: { repoUrl: props.repoURL, targetRevision: props.targetRevision, path: props.path },
        destination: { ...destination, namespace: props.destinationNamespace },
        syncPolicy: syncPolicy({ skipDryRunOnMissingResource: props.skipDryRunOnMissingResource ?? false, retry: props.retry }),
        ...(props.ignoreDifferences && props.ignoreDifferences.length > 0 ? { ignoreDifferences: [...props.ignoreDifferences] } : {}),
      },
    });
  }
}
