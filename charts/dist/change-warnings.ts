import type { DistFiles } from './files.js';
import { distIdentity, distObjects, pruneProtected, type DistObject } from './identity.js';

/** Where dist/README.md explains each safe procedure (charts/dist/readme-runbook.ts). */
const RUNBOOK = 'dist/README.md, "Changing identities and decommissioning"';

/**
 * What a reviewer must know before committing the next dist/ over the previous one: protected
 * objects that would be left behind (Flux never prunes them) and identity changes that Flux applies
 * without complaint but that leave a landscape split, orphaned or restoring from nowhere. Each
 * warning names the object or value, old and new, and the safe procedure.
 */
export function changeWarnings(previous: DistFiles | undefined, next: DistFiles): string[] {
  if (!previous) return [];
  // Each tree is parsed once; every check reads the same objects.
  const before: Tree = { files: previous, objects: distObjects(previous) };
  const after: Tree = { files: next, objects: distObjects(next) };
  return [...identityWarnings(before, after), ...removedWiringWarnings(before, after), ...leftBehindWarnings(before, after)];
}

interface Tree {
  readonly files: DistFiles;
  readonly objects: readonly DistObject[];
}

function identityWarnings(previousTree: Tree, nextTree: Tree): string[] {
  const before = distIdentity(previousTree.files, previousTree.objects);
  const after = distIdentity(nextTree.files, nextTree.objects);
  const warnings: string[] = [];
  if (before.landscape && after.landscape && before.landscape !== after.landscape) {
    warnings.push(
      `landscape renamed from ${before.landscape} to ${after.landscape}: the Garden, the GitRepository and the Flux wiring get new names, so Flux creates a second Garden beside the old one (gardener-operator reconciles one Garden per runtime cluster) and keeps the old objects (protected from pruning). A landscape's name is its identity: keep ${before.landscape}, or follow ${RUNBOOK}, "Renaming a landscape"`,
    );
  }
  if (before.deliveryNamespace && after.deliveryNamespace && before.deliveryNamespace !== after.deliveryNamespace) {
    warnings.push(
      `spec.delivery.namespace changed from ${before.deliveryNamespace} to ${after.deliveryNamespace}: the GitRepository and the runtime Kustomizations move, and the root Kustomization in ${before.deliveryNamespace} would prune its own source. Create the namespace and the new root first and retire the old one with deletionPolicy Orphan, as ${RUNBOOK}, "Moving the delivery namespace" shows`,
    );
  }
  for (const [garden, identity] of before.clusterIdentities) {
    const now = after.clusterIdentities.get(garden);
    if (now !== undefined && now !== identity) {
      warnings.push(
        `Garden ${garden}: clusterIdentity changes from ${identity} to ${now}; Gardener stamps it into every seed and shoot it created, which then no longer match. Keep ${identity}`,
      );
    }
  }
  for (const [writer, target] of before.backupTargets) {
    const now = after.backupTargets.get(writer);
    if (now !== undefined && now !== target) {
      warnings.push(
        `${writer} moves from ${target} to ${now}: new backups go to ${now} and a restore reads only ${now}, so the backups in ${target} are no longer used. Copy the newest backup from ${target} to ${now} before this commit is applied, or keep ${target} (${RUNBOOK}, "Moving a backup target")`,
      );
    }
  }
  return warnings;
}

const objectKey = (o: DistObject): string => `${o.apiVersion.replace(/\/[^/]*$/, '')}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
const describe = (o: DistObject): string => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} (${o.folder})`;

/** Layer Kustomizations that leave dist/flux/: deleted by the root, their objects orphaned for the next owner. */
function removedWiringWarnings(previous: Tree, next: Tree): string[] {
  const wiring = (tree: Tree) => tree.objects.filter((o) => o.folder === 'flux' && o.kind === 'Kustomization');
  const kept = new Set(wiring(next).map(objectKey));
  const removed = wiring(previous).filter((o) => !kept.has(objectKey(o)));
  if (removed.length === 0) return [];
  return [
    `Flux Kustomizations leave dist/flux/: ${removed.map((o) => `${o.namespace}/${o.name}`).join(', ')}. The root Kustomization deletes them and, with deletionPolicy Orphan, their objects stay in the cluster; the layer that now holds an object adopts it, and an unprotected object that left dist/ altogether is no longer managed by anyone`,
  ];
}

/** What deletes a protected object safely, by kind: Gardener refuses or cascades otherwise. */
function removalAdvice(o: DistObject): string {
  const confirm = `kubectl annotate ${o.kind.toLowerCase()} ${o.namespace ? `-n ${o.namespace} ` : ''}${o.name} confirmation.gardener.cloud/deletion=true`;
  switch (o.kind) {
    case 'ManagedSeed':
      return `delete it only after every Shoot scheduled on seed ${o.name} has moved or is deleted (${confirm} first)`;
    case 'Shoot':
      return `delete its ManagedSeed first and wait until Seed ${o.name} is gone, then ${confirm} and delete it`;
    case 'Project':
      return `delete its Shoots first, then ${confirm} and delete it`;
    case 'Garden':
      return `${confirm} and delete it only to decommission the landscape`;
    default:
      return 'delete it by hand once nothing uses it';
  }
}

/** Protected objects that leave dist/: Flux leaves them in place, which is safe but must be known. */
function leftBehindWarnings(previous: Tree, next: Tree): string[] {
  const kept = new Set(next.objects.map(objectKey));
  return pruneProtected(previous.objects)
    .filter((o) => !kept.has(objectKey(o)))
    .map(
      (o) =>
        `${describe(o)} leaves dist/ but stays in the ${o.folder.startsWith('virtual-garden/') ? 'virtual garden' : 'runtime cluster'}: it is protected from pruning (kustomize.toolkit.fluxcd.io/prune: disabled). If it is meant to go, ${removalAdvice(o)} (${RUNBOOK})`,
    );
}
