import type { LayerId } from '../clusters/layer.js';
import type { Synthesis } from '../synth.js';
import { ARGOCD_CM_FOLDER, ARGOCD_FOLDER } from '../delivery/argocd/index.js';
import { ARGOCD_CM, ARGOCD_CM_FIELD_MANAGER } from '../delivery/argocd/argocd-cm.js';
import { applicationName, projectName, rootApplicationName } from '../delivery/argocd/names.js';
import { syncWaves } from '../delivery/argocd/sync-waves.js';
import { virtualGardenClusterName } from '../delivery/argocd/virtual-garden-cluster.js';
import { virtualGardenClientNamespaceLabels, virtualGardenClientPodLabels } from '../delivery/flux/virtual-garden-kubeconfig.js';

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Argo CD Application of a layer and its sync wave, for the layer table. */
export function argoCdApplicationCell(synthesis: Synthesis, id: LayerId): string {
  const name = synthesis.input.landscape.metadata.name;
  const wave = syncWaves(synthesis.layers.map((l) => l.layer)).get(id);
  return `\`${synthesis.input.landscape.spec.delivery.argocd.namespace}/${applicationName(name, id)}\` (wave ${wave})`;
}

/** dist/README.md's "Bootstrapping Argo CD" section: the commands, in order, and what each object does. */
export function argoCdBootstrap(synthesis: Synthesis): string[] {
  const landscape = synthesis.input.landscape;
  const { delivery } = landscape.spec;
  const namespace = delivery.argocd.namespace;
  const folder = `${delivery.repository.path}/${ARGOCD_FOLDER}`;
  const project = projectName(landscape.metadata.name);
  const root = rootApplicationName(landscape.metadata.name);
  const cluster = virtualGardenClusterName(landscape.metadata.name);
  const podLabels = Object.entries(virtualGardenClientPodLabels).sort(([a], [b]) => byString(a, b));
  const namespaceLabels = Object.entries(virtualGardenClientNamespaceLabels).sort(([a], [b]) => byString(a, b));
  const helmKinds = synthesis.layers.some((l) => l.manifests.some((m) => m.apiVersion.startsWith('helm.toolkit.fluxcd.io/')));
  const lines = [
    `On the runtime cluster, with Argo CD (3.2 or later) installed in \`${namespace}\` and the Secrets above in place (the repository credentials first), from a checkout of the repository:`,
    '',
    '```sh',
    ...(helmKinds ? [`flux install --namespace=${delivery.namespace} --components=source-controller,helm-controller  # the layers' HelmReleases`] : []),
    `kubectl apply --server-side --field-manager=${ARGOCD_CM_FIELD_MANAGER} -f ${delivery.repository.path}/${ARGOCD_CM_FOLDER}/configmap.${ARGOCD_CM}.yaml`,
    `kubectl apply --server-side -f ${folder}/appproject.${project}.yaml -f ${folder}/application.${root}.yaml`,
    '```',
    '',
    ...(helmKinds
      ? [
          "Argo CD applies dist/ as it is, and some layers deliver Helm charts as Flux `HelmRelease`s with their `HelmRepository`/`OCIRepository`: Flux's source-controller and helm-controller install them (Argo CD only applies the objects and reads their health). Flux's kustomize-controller is not needed.",
          '',
        ]
      : []),
    `\`${ARGOCD_CM_FOLDER}/\` holds a ConfigMap \`${namespace}/${ARGOCD_CM}\` with only the health checks dist/ needs (\`resource.customizations.health.*\`: Gardener's kinds and \`argoproj.io_Application\`). It is required: without the Application check the root app does not wait for a layer before the next wave, and without Gardener's checks a Garden or Shoot counts as healthy as soon as it exists. No Application applies it; server-side apply with a field manager of its own sets these keys and leaves every other key of your installation's \`${ARGOCD_CM}\` alone (or add the file to your Argo CD installation's kustomize patches). Apply it again whenever it changes.`,
    '',
    `The AppProject \`${project}\` permits exactly the repository \`${delivery.repository.url}\`, the destinations and the kinds dist/ uses; the root Application \`${root}\` applies \`${folder}/\`: the project, itself and one Application per layer. Each layer's Application has a sync wave one higher than the longest chain of layers it depends on, so the root applies it only after the Applications of those layers are Synced and Healthy; within a layer, Argo CD applies server-side, diffs server-side, prunes (objects dist/ protects carry \`argocd.argoproj.io/sync-options: Prune=false,Delete=false\`) and retries failed syncs with backoff on the newest revision. No Application has the resources finalizer: deleting one, or the root, deletes nothing it applied.`,
    '',
    `Virtual-garden layers are applied to the Argo CD cluster \`${cluster}\`: a cluster Secret of that name (and \`name\` key) in \`${namespace}\`, which dist/ does not contain because it carries a token; a controller keeps it current from Gardener's token-requestor kubeconfig. Until it exists, those Applications report the cluster as unknown and wait.`,
    '',
  ];
  if (podLabels.length > 0 || namespaceLabels.length > 0) {
    lines.push(
      "Gardener's network policies admit argocd-application-controller to the virtual garden's kube-apiserver only with these labels (set them in the Argo CD installation so they survive upgrades):",
      '',
      '```sh',
      ...(namespaceLabels.length > 0 ? [`kubectl label namespace ${namespace} ${namespaceLabels.map(([k, v]) => `${k}=${v}`).join(' ')}`] : []),
      ...(podLabels.length > 0
        ? [`kubectl -n ${namespace} patch statefulset argocd-application-controller --type=merge -p '${JSON.stringify({ spec: { template: { metadata: { labels: Object.fromEntries(podLabels) } } } })}'`]
        : []),
      '```',
      '',
    );
  }
  return lines;
}
