import { Quantity, type Container, type PodSecurityContext, type ResourceRequirements } from '../imports/k8s.js';

/** The user the metal-stack images run as in metal-roles (postgres, rethinkdb, nsq, backup-restore-sidecar). */
export const NON_ROOT_UID = 1001;

/** Pod-level context: non-root, files on volumes group-owned so the user can write its data directory. */
export function nonRootPodSecurityContext(): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: NON_ROOT_UID,
    runAsGroup: NON_ROOT_UID,
    fsGroup: NON_ROOT_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A container without privilege escalation or capabilities, and with a read-only root filesystem:
 * every image dist/ runs itself (postgres, rethinkdb, nsq, backup-restore-sidecar, busybox `cp`)
 * writes only to its volumes once `/tmp` (and postgres' socket folder) are volumes too.
 */
export function nonRootContainer(container: Container): Container {
  return {
    ...container,
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      ...container.securityContext,
    },
  };
}

/** Requests as given, memory limit = `memoryLimit` (no CPU limit: throttling databases hurts more than it protects). */
export function resources(cpu: string, memory: string, memoryLimit: string): ResourceRequirements {
  return {
    requests: { cpu: Quantity.fromString(cpu), memory: Quantity.fromString(memory) },
    limits: { memory: Quantity.fromString(memoryLimit) },
  };
}
