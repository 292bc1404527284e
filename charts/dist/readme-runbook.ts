import type { Manifest, Synthesis } from '../synth.js';
import { fluxNamespaces, kustomizationRef, sourceName } from '../delivery/flux/index.js';
import { protectedKinds } from './protect.js';

const CONFIRM = 'confirmation.gardener.cloud/deletion=true';

function objectsOf(synthesis: Synthesis, kind: string): Manifest[] {
  return synthesis.layers.flatMap((l) => l.manifests.filter((m) => m.kind === kind));
}

const ref = (m: Manifest): string => `${m.metadata.namespace ? `-n ${m.metadata.namespace} ` : ''}${m.metadata.name}`;

/** `kubectl` lines that confirm and delete each object of a Gardener kind, in the virtual garden. */
function confirmedDeletes(objects: readonly Manifest[], kind: string): string[] {
  return objects.flatMap((m) => [`kubectl annotate ${kind} ${ref(m)} ${CONFIRM}`, `kubectl delete ${kind} ${ref(m)} --wait=false`]);
}

/**
 * dist/README.md "Changing identities and decommissioning": what protection means, and the steps
 * that change an identity or take the landscape down without losing a cluster or its data. The
 * names are this landscape's, so each command can be run as written (against the cluster it names).
 */
export function runbook(synthesis: Synthesis): string[] {
  const landscape = synthesis.input.landscape;
  const { delivery } = landscape.spec;
  const source = sourceName(landscape);
  const namespaces = fluxNamespaces(landscape);
  const runtimeKustomizations = synthesis.layers.filter((l) => l.layer.cluster === 'runtime').map((l) => kustomizationRef(landscape, l.id).name);
  const allKustomizations = synthesis.layers.map((l) => kustomizationRef(landscape, l.id));
  const shoots = objectsOf(synthesis, 'Shoot');
  const managedSeeds = objectsOf(synthesis, 'ManagedSeed');
  const projects = objectsOf(synthesis, 'Project');
  const gardens = objectsOf(synthesis, 'Garden');
  const gardenlets = objectsOf(synthesis, 'Gardenlet');
  const releases = objectsOf(synthesis, 'HelmRelease');
  const statefulSets = objectsOf(synthesis, 'StatefulSet');
  return [
    'Flux never deletes these kinds when they leave dist/ (`kustomize.toolkit.fluxcd.io/prune: disabled`): ' +
      `${protectedKinds().join(', ')}. Every layer Kustomization has \`deletionPolicy: Orphan\`, so deleting the root Kustomization, renaming a layer or moving the delivery namespace deletes Flux's wiring and none of the landscape. ` +
      '`npm run synth` compares the new dist/ with the previous one and warns, before anything is committed, about each protected object that leaves dist/ and each identity that changes.',
    '',
    '### Renaming or regrouping a layer',
    '',
    "Nothing to do: the root Kustomization deletes the old layer Kustomization (its objects stay, deletionPolicy Orphan) and the new one adopts them with server-side apply. An object that left dist/ altogether and is not protected stays in the cluster unmanaged; delete it by hand if it is not wanted.",
    '',
    '### Removing a shooted seed or a project',
    '',
    'Take it out of the landscape and commit: its objects stay. Then, in the virtual garden, move or delete the Shoots that run on the seed or in the project, and delete in this order, waiting for each to be gone (the annotation is Gardener\'s guard against accidental deletion):',
    '',
    '```sh',
    ...managedSeeds.map((m) => `kubectl delete managedseed ${ref(m)}   # then wait: kubectl get seed ${m.metadata.name}`),
    ...confirmedDeletes(shoots, 'shoot'),
    ...confirmedDeletes(projects, 'project'),
    '```',
    '',
    '(All of them are listed; run only the lines of what you removed.)',
    '',
    '### Moving the delivery namespace',
    '',
    `The root Kustomization must not apply a dist/ whose wiring lives elsewhere: it would prune its own GitRepository. Change \`spec.delivery.namespace\` in this order (Flux's controllers watch every namespace, so no second installation is needed):`,
    '',
    '```sh',
    `kubectl create namespace <new>   # with the labels of ${delivery.namespace}, see Bootstrapping`,
    `kubectl -n ${delivery.namespace} patch kustomization ${source} --type=merge -p '{"spec":{"deletionPolicy":"Orphan"}}'`,
    `kubectl -n ${delivery.namespace} delete kustomization ${source}   # the layer Kustomizations keep running`,
    '# commit the new dist/, then bootstrap in <new> as in "Bootstrapping Flux" with --namespace=<new>',
    `kubectl -n ${delivery.namespace} delete kustomization ${runtimeKustomizations.join(' ')}   # deletionPolicy Orphan: objects stay`,
    `kubectl -n ${delivery.namespace} delete gitrepository ${source}`,
    '```',
    '',
    `Virtual-garden Kustomizations stay in \`${namespaces['virtual-garden']}\` and follow the new GitRepository.`,
    '',
    '### Moving a backup target',
    '',
    "A changed bucket or object prefix of the virtual garden's etcd or of a metal database sends new backups there, and a restore reads only there. Copy the newest backup objects from the old location to the new one before the commit is applied (`gcloud storage cp -r` or `aws s3 cp --recursive`); backup-restore-sidecar restores the newest backup under its prefix when a database starts with an empty volume.",
    '',
    '### Renaming a landscape',
    '',
    "The name is the landscape's identity (Garden, GitRepository, buckets, the provider tenant in metal-api). A renamed landscape is a new landscape: gardener-operator would get a second Garden in the same runtime cluster. Keep the name; to move, decommission this landscape and bring up the new one with its databases restored from the backups.",
    '',
    '### Decommissioning the landscape',
    '',
    'Flux would recreate what you delete, so stop it first; then delete from the leaves to the root, each step after the previous one has finished. The backup buckets and the Secrets listed above are left for you to remove once the backups are no longer needed.',
    '',
    '```sh',
    '# 1. runtime cluster: stop Flux for this landscape (suspended Kustomizations neither apply nor prune), the root first',
    `flux suspend kustomization ${source} -n ${delivery.namespace}`,
    ...allKustomizations.map((k) => `flux suspend kustomization ${k.name} -n ${k.namespace}`),
    '# 2. virtual garden: tenant Shoots first (every project), then the shooted seeds, projects and the soil',
    ...managedSeeds.map((m) => `kubectl delete managedseed ${ref(m)}`),
    ...confirmedDeletes(shoots, 'shoot'),
    ...confirmedDeletes(projects, 'project'),
    ...gardenlets.map((m) => `kubectl delete gardenlet ${ref(m)}`),
    '# 3. runtime cluster: the Garden (deletes the virtual garden; its etcd backups stay in the bucket)',
    ...gardens.flatMap((m) => [`kubectl annotate garden ${m.metadata.name} ${CONFIRM}`, `kubectl delete garden ${m.metadata.name}`]),
    '# 4. runtime cluster: Helm releases (uninstall), then the databases (take a last backup first; their PersistentVolumeClaims stay until you delete them)',
    ...releases.map((m) => `kubectl delete helmrelease ${ref(m)}`),
    ...statefulSets.map((m) => `kubectl delete statefulset ${ref(m)}`),
    '# 5. runtime cluster: the wiring (deletionPolicy Orphan, so nothing else goes with it)',
    `kubectl -n ${delivery.namespace} delete kustomization ${source}`,
    ...allKustomizations.map((k) => `kubectl -n ${k.namespace} delete kustomization ${k.name}`),
    '```',
    '',
  ];
}
