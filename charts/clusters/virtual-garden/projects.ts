import { GardenerProject } from '../../constructs/gardener-project.js';
import { needs, type Layer } from '../layer.js';

export const projectsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'projects',
  description: 'Tenant projects',
  // Not the seeds: creating a Project needs only the virtual garden's API. The tenants' Shoots need
  // seeds later, but Gardener schedules them once seeds exist; the Project does not wait for that.
  dependsOn: [needs('runtime/virtual-garden-access', 'Flux reaches the virtual garden only through the token-requestor kubeconfig and the RBAC granted there')],
  render: (chart, { landscape }) => {
    for (const project of landscape.spec.projects) {
      new GardenerProject(chart, `project-${project.name}`, {
        name: project.name,
        owner: project.owner,
        members: project.members,
        description: project.description,
        purpose: project.purpose,
      });
    }
  },
};
