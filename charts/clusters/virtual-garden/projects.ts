import { GardenerProject } from '../../constructs/gardener-project.js';
import type { Layer } from '../layer.js';

export const projectsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'projects',
  description: 'Tenant projects',
  dependsOn: ['virtual-garden/managed-seeds'],
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
