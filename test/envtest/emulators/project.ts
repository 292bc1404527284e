// Stands in for gardener-controller-manager's project controller (pkg/controllermanager/controller/
// project/project of Gardener v1.138.3): it creates the project's namespace if it does not exist
// (spec.namespace, labelled `project.gardener.cloud/name: <project>` and `gardener.cloud/role:
// project`; a namespace that exists gets those labels), and writes status.observedGeneration and
// status.phase Ready. Member RBAC, the project's ResourceQuota and stale-project bookkeeping are
// left out: no health check and no layer of dist/ reads them.
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { generationObserved } from './gardener-condition.js';

export const projectsPath = '/apis/core.gardener.cloud/v1beta1/projects';

export function projectNamespaceLabels(project: string): Record<string, string> {
  return { 'project.gardener.cloud/name': project, 'gardener.cloud/role': 'project' };
}

/** The writes for one Project: its namespace's labels (server-side apply creates it if missing), then phase Ready. */
export function projectWrites(project: ListedObject, listPath: string): Write[] {
  if (project.metadata.deletionTimestamp) return [];
  if (generationObserved(project) && project.status?.['phase'] === 'Ready') return [];
  const namespace = (project as unknown as { spec?: { namespace?: string } }).spec?.namespace;
  if (!namespace) throw new Error(`Project ${project.metadata.name} has no spec.namespace; the emulator does not generate namespace names (garden-<name>) yet`);
  return [
    {
      method: 'PATCH',
      path: `/api/v1/namespaces/${namespace}?fieldManager=gardener-controller-manager&force=true`,
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: projectNamespaceLabels(project.metadata.name) } },
      contentType: 'application/apply-patch+yaml',
      what: `Namespace ${namespace} of Project ${project.metadata.name}`,
    },
    {
      method: 'PATCH',
      path: `${objectPath(listPath, project)}/status`,
      body: { status: { observedGeneration: project.metadata.generation, phase: 'Ready' } },
      what: `Project ${project.metadata.name}: phase Ready`,
    },
  ];
}

export function projectEmulator(): EmulatorSpec {
  return { name: 'gardener-controller-manager (Project)', lists: [projectsPath], plan: (project, listPath) => projectWrites(project, listPath) };
}
