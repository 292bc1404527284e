import { Construct } from 'constructs';
import { AppProject } from '../../imports/argoproj.io.js';
import { ARGOCD_KEEP_OPTIONS, ARGOCD_SYNC_OPTIONS } from './protect.js';
import type { ProjectScope } from './project-scope.js';
import { SYNC_WAVE } from './sync-waves.js';

export interface LandscapeAppProjectProps {
  /** AppProject name, `metal-garden-<landscape>`. */
  readonly name: string;
  /** The Argo CD namespace. */
  readonly namespace: string;
  /** The one Git repository the Applications may read: `spec.delivery.repository.url`. */
  readonly sourceRepo: string;
  /** Destinations and kinds, computed from what the Applications deliver (project-scope.ts). */
  readonly scope: ProjectScope;
  /** One line for Argo CD's UI. Default: none. */
  readonly description?: string;
}

/**
 * The AppProject of a landscape: its Applications may read exactly one repository, deliver to
 * exactly the destinations they use and create exactly the kinds dist/ holds. Nothing is
 * wildcarded: a kind or namespace that appears in dist/ appears here on the next synth, anything
 * else is refused by Argo CD. Wave -1 in the root app, so a widened project is in place before the
 * Applications that need it; kept (Prune=false, Delete=false) since every Application depends on it.
 */
export class LandscapeAppProject extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: LandscapeAppProjectProps) {
    super(scope, id);
    if (!/^(https|ssh):\/\//.test(props.sourceRepo))
      throw new Error(`LandscapeAppProject ${props.name}: sourceRepo "${props.sourceRepo}" must start with https:// or ssh://`);
    if (props.sourceRepo.includes('*'))
      throw new Error(`LandscapeAppProject ${props.name}: sourceRepo "${props.sourceRepo}" must be one repository, not a glob`);
    if (props.scope.destinations.length === 0) throw new Error(`LandscapeAppProject ${props.name}: no destinations; the project would permit nothing`);
    for (const destination of props.scope.destinations) {
      const values = [destination.server, destination.name, destination.namespace].filter((v): v is string => v !== undefined);
      if (values.some((v) => v.includes('*') || v.startsWith('!')))
        throw new Error(`LandscapeAppProject ${props.name}: destination ${values.join(' ')} must not be a glob`);
    }
    for (const groupKind of [...props.scope.clusterResources, ...props.scope.namespacedResources]) {
      if (groupKind.kind === '' || groupKind.kind.includes('*') || groupKind.group.includes('*')) {
        throw new Error(`LandscapeAppProject ${props.name}: resource "${groupKind.group}/${groupKind.kind}" must name one group and kind, not a glob`);
      }
    }
    this.name = props.name;
    new AppProject(this, 'resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { [ARGOCD_SYNC_OPTIONS]: ARGOCD_KEEP_OPTIONS.join(','), [SYNC_WAVE]: '-1' },
      },
      spec: {
        ...(props.description ? { description: props.description } : {}),
        sourceRepos: [props.sourceRepo],
        destinations: props.scope.destinations.map((d) => ({ ...(d.server !== undefined ? { server: d.server } : { name: d.name }), namespace: d.namespace })),
        clusterResourceWhitelist: props.scope.clusterResources.map((r) => ({ group: r.group, kind: r.kind })),
        namespaceResourceWhitelist: props.scope.namespacedResources.map((r) => ({ group: r.group, kind: r.kind })),
      },
    });
  }
}
