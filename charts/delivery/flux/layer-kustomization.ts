import { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDecryptionProvider,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecSourceRefKind,
  type KustomizationSpecDependsOn,
  type KustomizationSpecHealthCheckExprs,
  type KustomizationSpecKubeConfigSecretRef,
} from '../../imports/kustomize.toolkit.fluxcd.io.js';

export interface LayerKustomizationProps {
  /** Kustomization name, `<cluster>-<layer>`. */
  readonly name: string;
  readonly namespace: string;
  /** Folder of the layer in the source, `./<path>/<cluster>/<layer>`. */
  readonly path: string;
  readonly source: { readonly name: string; readonly namespace: string };
  /** Kustomizations that must be Ready first. */
  readonly dependsOn: readonly KustomizationSpecDependsOn[];
  /** Reconcile interval, e.g. `10m`. */
  readonly interval: string;
  /** Limit for apply plus health checks, e.g. `45m`. */
  readonly timeout: string;
  /** CEL readiness of kinds that do not follow kstatus. */
  readonly healthCheckExprs: readonly KustomizationSpecHealthCheckExprs[];
  /** Kubeconfig of a remote cluster (the virtual garden); default: the cluster Flux runs in. */
  readonly kubeConfig?: KustomizationSpecKubeConfigSecretRef;
  /**
   * Secret in this namespace holding the age key (key `age.agekey`) that decrypts the layer's SOPS
   * files; default: none, the layer has no encrypted file (kustomize-controller fails without the Secret).
   */
  readonly decryptionSecretName?: string;
}

/** How soon a failed apply or health check is retried; shorter than the interval so bring-up keeps moving. */
const RETRY_INTERVAL = '1m';

/**
 * One Flux Kustomization per layer: applies the layer folder, prunes what left git (protected kinds
 * carry `kustomize.toolkit.fluxcd.io/prune: disabled`), and is Ready only when every object is
 * healthy (`wait: true`), which is what `dependsOn` of the next layers waits for. Deleting the
 * Kustomization itself deletes none of its objects (`deletionPolicy: Orphan`).
 */
export class LayerKustomization extends Construct {
  constructor(scope: Construct, id: string, props: LayerKustomizationProps) {
    super(scope, id);
    if (!props.path.startsWith('./')) throw new Error(`LayerKustomization ${props.name}: path ${props.path} must start with ./`);
    if (props.dependsOn.some((d) => d.name === props.name && (d.namespace ?? props.namespace) === props.namespace)) {
      throw new Error(`LayerKustomization ${props.name}: depends on itself`);
    }
    const sameNamespace = props.source.namespace === props.namespace;
    new Kustomization(this, 'resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        sourceRef: {
          kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY,
          name: props.source.name,
          ...(sameNamespace ? {} : { namespace: props.source.namespace }),
        },
        path: props.path,
        interval: props.interval,
        retryInterval: RETRY_INTERVAL,
        timeout: props.timeout,
        prune: true,
        // The Kustomization is wiring, not the landscape: it goes away when the root Kustomization is
        // deleted, a layer is renamed or the delivery namespace changes. Its objects must stay (the
        // next Kustomization adopts them); the default, MirrorPrune, would delete every unprotected one.
        deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
        wait: true,
        ...(props.dependsOn.length > 0 ? { dependsOn: [...props.dependsOn] } : {}),
        ...(props.healthCheckExprs.length > 0 ? { healthCheckExprs: [...props.healthCheckExprs] } : {}),
        ...(props.kubeConfig ? { kubeConfig: { secretRef: props.kubeConfig } } : {}),
        ...(props.decryptionSecretName
          ? { decryption: { provider: KustomizationSpecDecryptionProvider.SOPS, secretRef: { name: props.decryptionSecretName } } }
          : {}),
      },
    });
  }
}
