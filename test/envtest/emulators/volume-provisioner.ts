// Stands in for the runtime cluster's dynamic volume provisioner (on GKE, the Compute Engine
// persistent disk CSI driver's external-provisioner behind StorageClass `standard`): for each
// Pending PersistentVolumeClaim of a StorageClass it serves, it creates a PersistentVolume of the
// requested size, access modes and class, pre-bound to the claim (spec.claimRef with the claim's
// uid, as external-provisioner does), reclaim policy Delete; kube-controller-manager's PV
// controller then binds both, and kube-scheduler places the pod. Without it the StatefulSets of
// runtime/metal-databases (volumeClaimTemplates, class `standard`) never get a pod.
// The volume is a hostPath under /tmp that no one mounts (KWOK runs no container); the real
// provisioner creates a CSI volume (driver pd.csi.storage.gke.io).
import type { EmulatorSpec, ListedObject, Write } from './emulator.js';

export const claimsPath = '/api/v1/persistentvolumeclaims';

interface ClaimSpec {
  storageClassName?: string;
  accessModes?: string[];
  volumeName?: string;
  volumeMode?: string;
  resources?: { requests?: { storage?: string } };
}

/** The PersistentVolume for a Pending claim of one of `classes`, or none. */
export function volumeWrites(claim: ListedObject, classes: readonly string[]): Write[] {
  const spec = (claim as unknown as { spec: ClaimSpec }).spec;
  if (claim.metadata.deletionTimestamp || spec.volumeName || claim.status?.['phase'] === 'Bound') return [];
  if (!spec.storageClassName || !classes.includes(spec.storageClassName)) return [];
  const storage = spec.resources?.requests?.storage;
  if (!storage) throw new Error(`PersistentVolumeClaim ${claim.metadata.namespace}/${claim.metadata.name} requests no storage`);
  if (!claim.metadata.uid) throw new Error(`PersistentVolumeClaim ${claim.metadata.namespace}/${claim.metadata.name} has no uid`);
  const name = `pvc-${claim.metadata.uid}`;
  return [
    {
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': 'volume-provisioner-emulator' } },
        spec: {
          capacity: { storage },
          accessModes: spec.accessModes ?? ['ReadWriteOnce'],
          ...(spec.volumeMode ? { volumeMode: spec.volumeMode } : {}),
          storageClassName: spec.storageClassName,
          persistentVolumeReclaimPolicy: 'Delete',
          claimRef: {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
          },
          hostPath: { path: `/tmp/metal-garden-emulated-volumes/${name}` },
        },
      },
      what: `PersistentVolume ${name} for claim ${claim.metadata.namespace}/${claim.metadata.name} (${storage}, class ${spec.storageClassName})`,
    },
  ];
}

export function volumeProvisionerEmulator(classes: readonly string[]): EmulatorSpec {
  return { name: 'volume provisioner (PD CSI external-provisioner)', lists: [claimsPath], plan: (claim) => volumeWrites(claim, classes) };
}
