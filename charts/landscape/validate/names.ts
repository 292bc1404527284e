import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { imageId } from '../effective.js';

/** Reports every entry whose key an earlier entry already used, at the later entry. */
function duplicates(entries: readonly (readonly [path: string, key: string])[], what: string): Problem[] {
  const first = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [path, key] of entries) {
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, path);
    else problems.push({ path, message: `duplicate ${what} ${JSON.stringify(key)}; already used at ${earlier}` });
  }
  return problems;
}

function at<T>(items: readonly T[], path: (index: number) => string, key: (item: T) => string): [string, string][] {
  return items.map((item, i) => [path(i), key(item)]);
}

/** Project of the bundle's own Shoots (the shooted seeds) and of the garden namespace. */
export const GARDEN_PROJECT = 'garden';
/** Gardener rejects a Shoot whose name and project name together exceed 21 characters (ShootValidator admission). */
const SHOOT_AND_PROJECT_NAME_LIMIT = 21;

export function uniqueNames(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const mcp = spec.metalControlPlane;
  const cp = spec.cloudProfile;
  const problems: Problem[] = [
    ...duplicates(
      at(
        spec.seeds.shooted,
        (i) => `spec.seeds.shooted[${i}].name`,
        (s) => s.name,
      ),
      'shooted seed name',
    ),
    ...duplicates(
      at(
        spec.projects,
        (i) => `spec.projects[${i}].name`,
        (p) => p.name,
      ),
      'project name',
    ),
    ...duplicates(
      at(
        mcp.partitions,
        (i) => `spec.metalControlPlane.partitions[${i}].id`,
        (p) => p.id,
      ),
      'partition id',
    ),
    ...duplicates(
      at(mcp.images, (i) => `spec.metalControlPlane.images[${i}]`, imageId),
      'image',
    ),
    ...duplicates(
      at(
        mcp.sizes,
        (i) => `spec.metalControlPlane.sizes[${i}].id`,
        (s) => s.id,
      ),
      'size id',
    ),
    ...duplicates(
      at(
        mcp.networks,
        (i) => `spec.metalControlPlane.networks[${i}].id`,
        (n) => n.id,
      ),
      'network id',
    ),
    ...duplicates(
      at(
        cp.regions,
        (i) => `spec.cloudProfile.regions[${i}].name`,
        (r) => r.name,
      ),
      'region name',
    ),
    ...duplicates(
      cp.regions.flatMap((r, ri) =>
        at(
          r.zones,
          (zi) => `spec.cloudProfile.regions[${ri}].zones[${zi}]`,
          (z) => z,
        ),
      ),
      'zone',
    ),
    ...duplicates(
      at(
        cp.kubernetesVersions,
        (i) => `spec.cloudProfile.kubernetesVersions[${i}].version`,
        (v) => v.version,
      ),
      'Kubernetes version',
    ),
    ...duplicates(
      at(
        cp.firewall.images,
        (i) => `spec.cloudProfile.firewall.images[${i}]`,
        (id) => id,
      ),
      'firewall image',
    ),
    ...duplicates(
      at(
        cp.firewall.sizes,
        (i) => `spec.cloudProfile.firewall.sizes[${i}]`,
        (id) => id,
      ),
      'firewall size',
    ),
    ...duplicates(
      at(
        cp.firewall.controllerVersions,
        (i) => `spec.cloudProfile.firewall.controllerVersions[${i}].version`,
        (v) => v.version,
      ),
      'firewall controller version',
    ),
    ...spec.seeds.shooted.flatMap((seed, s) =>
      duplicates(
        at(
          seed.workers,
          (i) => `spec.seeds.shooted[${s}].workers[${i}].name`,
          (w) => w.name,
        ),
        'worker pool name',
      ),
    ),
  ];
  const soil = spec.seeds.soil.name;
  spec.seeds.shooted.forEach((seed, i) => {
    const path = `spec.seeds.shooted[${i}].name`;
    if (seed.name === soil)
      problems.push({ path, message: `${JSON.stringify(seed.name)} is already the name of the soil seed (spec.seeds.soil.name); seed names must be unique` });
    if (seed.name.length + GARDEN_PROJECT.length > SHOOT_AND_PROJECT_NAME_LIMIT) {
      problems.push({
        path,
        message: `${JSON.stringify(seed.name)} has ${seed.name.length} characters; the Shoot lives in project ${GARDEN_PROJECT} and Gardener allows at most ${SHOOT_AND_PROJECT_NAME_LIMIT - GARDEN_PROJECT.length} (project and shoot name together at most ${SHOOT_AND_PROJECT_NAME_LIMIT})`,
      });
    }
    if (seed.name.includes('--'))
      problems.push({ path, message: `${JSON.stringify(seed.name)} contains "--"; Gardener uses "--" as separator in technical ids` });
  });
  spec.projects.forEach((project, i) => {
    const path = `spec.projects[${i}].name`;
    if (project.name === GARDEN_PROJECT) {
      problems.push({ path, message: `"${GARDEN_PROJECT}" is reserved for the project that holds the shooted seeds; choose another name` });
    }
    if (project.name.includes('--'))
      problems.push({
        path,
        message: `${JSON.stringify(project.name)} contains "--"; Gardener rejects Shoots in projects whose name contains two consecutive hyphens`,
      });
  });
  return problems;
}
