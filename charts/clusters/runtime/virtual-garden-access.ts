import type { Layer } from '../layer.js';

export const virtualGardenAccessLayer: Layer = {
  cluster: 'runtime',
  name: 'virtual-garden-access',
  description: 'Token-requestor kubeconfig and RBAC that let the GitOps engine reach the virtual garden',
  dependsOn: ['runtime/garden'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
