/**
 * Kubernetes core kinds for the charts, in one place: `KubeNamespace`, `KubeSecret`, `KubeConfigMap`,
 * `KubeService`, `KubeServiceAccount`, `KubeStatefulSet`, `KubeDeployment`,
 * `KubePersistentVolumeClaim`, `KubeClusterRole(Binding)`, `KubeRole(Binding)`, `KubeNetworkPolicy`,
 * `KubeCustomResourceDefinition`, ... and their props and nested types (`ObjectMeta`, `PolicyRule`,
 * `Container`, `Quantity`, `IntOrString`, ...).
 *
 * Why re-export instead of generating: cdk8s-plus-28 (a dependency already) ships the cdk8s L1
 * classes generated from the Kubernetes 1.28 OpenAPI (`lib/imports/k8s`), extending the same
 * `cdk8s.ApiObject` our charts use. `cdk8s import k8s` would need the network to fetch the
 * Kubernetes schema, and these classes are the same generator's output, pinned by our lockfile.
 * The deep path is a plain file of the package (no exports map restricts it); the CommonJS named
 * exports are statically detectable, so this works from ESM at runtime as well as in tsc.
 */
export * from 'cdk8s-plus-28/lib/imports/k8s.js';
