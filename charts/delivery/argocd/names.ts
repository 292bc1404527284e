import type { LayerId } from '../../clusters/layer.js';

/**
 * Names of dist/argocd's objects. Applications and AppProjects share the Argo CD namespace with
 * whatever else the platform team runs there, so every name starts with the landscape's name.
 */

/** The AppProject every Application of the landscape belongs to, and the root app-of-apps: `metal-garden-<landscape>`. */
export function projectName(landscapeName: string): string {
  return `metal-garden-${landscapeName}`;
}

/** The root Application, which applies dist/argocd itself: the same name as the project. */
export function rootApplicationName(landscapeName: string): string {
  return projectName(landscapeName);
}

/** A layer's Application: `<landscape>-<cluster>-<layer>`, e.g. `fra-runtime-garden`, `fra-virtual-garden-soil`. */
export function applicationName(landscapeName: string, id: LayerId): string {
  return `${landscapeName}-${id.replace('/', '-')}`;
}

/** Where Argo CD finds a folder of dist/ in the repository: `<repository path>/<folder>` (no leading `./`). */
export function sourcePath(repositoryPath: string, folder: string): string {
  return `${repositoryPath}/${folder}`;
}
