import { Construct } from 'constructs';
import { GitRepository } from '../../imports/source.toolkit.fluxcd.io.js';

export interface GitSourceProps {
  /** Name of the GitRepository. */
  readonly name: string;
  /** Namespace of the GitRepository (the Flux namespace). */
  readonly namespace: string;
  /** https:// or ssh:// URL of the repository holding dist/. */
  readonly url: string;
  readonly branch: string;
  /** Folder of dist/ inside the repository; only it is packed into the artifact. */
  readonly path: string;
  /** Secret with Git credentials in `namespace`; omitted for public repositories. */
  readonly secretName?: string;
  /** How often Flux polls the repository, e.g. `10m`. */
  readonly interval: string;
}

/** The GitRepository every layer Kustomization reads from. */
export class GitSource extends Construct {
  public readonly name: string;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: GitSourceProps) {
    super(scope, id);
    if (!/^(https|ssh):\/\//.test(props.url)) throw new Error(`GitSource ${props.name}: url ${props.url} must start with https:// or ssh://`);
    if (props.path.startsWith('/') || props.path.endsWith('/'))
      throw new Error(`GitSource ${props.name}: path ${props.path} must be relative without trailing "/"`);
    this.name = props.name;
    this.namespace = props.namespace;
    new GitRepository(this, 'resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        url: props.url,
        ref: { branch: props.branch },
        ...(props.secretName ? { secretRef: { name: props.secretName } } : {}),
        interval: props.interval,
        // Only dist/ goes into the artifact: other files in the repository (sources, CI) never
        // trigger a reconcile of the layers and keep the artifact small.
        ignore: `/*\n!/${props.path}/\n`,
      },
    });
  }
}
