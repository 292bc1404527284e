import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { imageId, known, newestSupported } from '../effective.js';

/** Each referenced size, image, network and version must exist in the metal-stack masterdata or the CloudProfile. */

type Mcp = Landscape['spec']['metalControlPlane'];

function sizesWith(mcp: Mcp, purpose: 'machine' | 'firewall'): string[] {
  return mcp.sizes.filter((s) => s.purpose === purpose).map((s) => s.id);
}

function imagesWith(mcp: Mcp, feature: 'machine' | 'firewall'): Mcp['images'] {
  return mcp.images.filter((i) => i.features.includes(feature));
}

export function workerReferences(landscape: Landscape): Problem[] {
  const mcp = landscape.spec.metalControlPlane;
  const machineSizes = sizesWith(mcp, 'machine');
  const machineImages = imagesWith(mcp, 'machine');
  return landscape.spec.seeds.shooted.flatMap((seed, i) =>
    seed.workers.flatMap((worker, w) => {
      const path = `spec.seeds.shooted[${i}].workers[${w}]`;
      const problems: Problem[] = [];
      if (!machineSizes.includes(worker.machineType)) {
        problems.push({
          path: `${path}.machineType`,
          message: `${JSON.stringify(worker.machineType)} is not a metal-stack size with purpose machine; known: ${known(machineSizes)}`,
        });
      }
      const sameOs = machineImages.filter((image) => image.os === worker.image.os);
      if (sameOs.length === 0) {
        problems.push({
          path: `${path}.image.os`,
          message: `${JSON.stringify(worker.image.os)} has no metal-stack image with feature machine; known: ${known(machineImages.map((m) => m.os))}`,
        });
      } else if (!sameOs.some((image) => image.version === worker.image.version)) {
        problems.push({
          path: `${path}.image.version`,
          message: `${JSON.stringify(worker.image.version)} is not a version of the ${worker.image.os} machine image; known: ${known(sameOs.map((m) => m.version))}`,
        });
      }
      if (worker.minimum > worker.maximum) {
        problems.push({ path: `${path}.minimum`, message: `${worker.minimum} is greater than maximum (${worker.maximum})` });
      }
      return problems;
    }),
  );
}

/** CloudProfile firewall images and sizes are what shoots may choose; they must exist with the firewall feature/purpose. */
export function cloudProfileFirewallReferences(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const images = imagesWith(spec.metalControlPlane, 'firewall').map(imageId);
  const sizes = sizesWith(spec.metalControlPlane, 'firewall');
  return [
    ...spec.cloudProfile.firewall.images.flatMap((image, i) =>
      images.includes(image)
        ? []
        : [
            {
              path: `spec.cloudProfile.firewall.images[${i}]`,
              message: `${JSON.stringify(image)} is not a metal-stack image with feature firewall; known: ${known(images)}`,
            },
          ],
    ),
    ...spec.cloudProfile.firewall.sizes.flatMap((size, i) =>
      sizes.includes(size)
        ? []
        : [
            {
              path: `spec.cloudProfile.firewall.sizes[${i}]`,
              message: `${JSON.stringify(size)} is not a metal-stack size with purpose firewall; known: ${known(sizes)}`,
            },
          ],
    ),
  ];
}

const FIREWALL_NETWORK_KINDS = ['internet', 'shared'];

export function seedFirewallReferences(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const images = imagesWith(spec.metalControlPlane, 'firewall').map(imageId);
  const sizes = sizesWith(spec.metalControlPlane, 'firewall');
  const offered = spec.cloudProfile.firewall;
  const controllerVersions = offered.controllerVersions.map((c) => c.version);
  const externalNetworks = spec.metalControlPlane.networks.filter((n) => FIREWALL_NETWORK_KINDS.includes(n.kind)).map((n) => n.id);
  return spec.seeds.shooted.flatMap((seed, i) => {
    const path = `spec.seeds.shooted[${i}].firewall`;
    const { firewall } = seed;
    const problems: Problem[] = [];
    if (!images.includes(firewall.image)) {
      problems.push({
        path: `${path}.image`,
        message: `${JSON.stringify(firewall.image)} is not a metal-stack image with feature firewall; known: ${known(images)}`,
      });
    } else if (!offered.images.includes(firewall.image)) {
      problems.push({
        path: `${path}.image`,
        message: `${JSON.stringify(firewall.image)} is not offered in spec.cloudProfile.firewall.images; offered: ${known(offered.images)}`,
      });
    }
    if (!sizes.includes(firewall.size)) {
      problems.push({
        path: `${path}.size`,
        message: `${JSON.stringify(firewall.size)} is not a metal-stack size with purpose firewall; known: ${known(sizes)}`,
      });
    } else if (!offered.sizes.includes(firewall.size)) {
      problems.push({
        path: `${path}.size`,
        message: `${JSON.stringify(firewall.size)} is not offered in spec.cloudProfile.firewall.sizes; offered: ${known(offered.sizes)}`,
      });
    }
    if (firewall.controllerVersion !== undefined && !controllerVersions.includes(firewall.controllerVersion)) {
      problems.push({
        path: `${path}.controllerVersion`,
        message: `${JSON.stringify(firewall.controllerVersion)} is not in spec.cloudProfile.firewall.controllerVersions; offered: ${known(controllerVersions)}`,
      });
    }
    firewall.networks.forEach((id, n) => {
      const network = spec.metalControlPlane.networks.find((candidate) => candidate.id === id);
      if (!network) {
        problems.push({
          path: `${path}.networks[${n}]`,
          message: `${JSON.stringify(id)} is not a metal-stack network; internet and shared networks: ${known(externalNetworks)}`,
        });
      } else if (!FIREWALL_NETWORK_KINDS.includes(network.kind)) {
        problems.push({
          path: `${path}.networks[${n}]`,
          message: `network ${JSON.stringify(id)} has kind ${network.kind}; a firewall joins internet or shared networks: ${known(externalNetworks)}`,
        });
      }
    });
    return problems;
  });
}

/**
 * A shooted seed runs a Kubernetes version the CloudProfile offers; without one it gets the newest
 * supported version, and without a firewall controller version the newest supported one: these must exist.
 */
export function seedVersionReferences(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const offered = spec.cloudProfile.kubernetesVersions.map((v) => v.version);
  const problems: Problem[] = [];
  spec.seeds.shooted.forEach((seed, i) => {
    if (seed.kubernetesVersion !== undefined && !offered.includes(seed.kubernetesVersion)) {
      problems.push({
        path: `spec.seeds.shooted[${i}].kubernetesVersion`,
        message: `${JSON.stringify(seed.kubernetesVersion)} is not offered in spec.cloudProfile.kubernetesVersions; offered: ${known(offered)}`,
      });
    }
  });
  const relyOnKubernetes = spec.seeds.shooted.filter((s) => s.kubernetesVersion === undefined).map((s) => s.name);
  if (relyOnKubernetes.length > 0 && !newestSupported(spec.cloudProfile.kubernetesVersions)) {
    problems.push({
      path: 'spec.cloudProfile.kubernetesVersions',
      message: `no version is classified supported, but shooted seeds ${relyOnKubernetes.join(', ')} use the newest supported version; classify one as supported or set their kubernetesVersion`,
    });
  }
  const relyOnController = spec.seeds.shooted.filter((s) => s.firewall.controllerVersion === undefined).map((s) => s.name);
  if (relyOnController.length > 0 && !newestSupported(spec.cloudProfile.firewall.controllerVersions)) {
    problems.push({
      path: 'spec.cloudProfile.firewall.controllerVersions',
      message: `no version is classified supported, but shooted seeds ${relyOnController.join(', ')} use the newest supported firewall controller; classify one as supported or set their firewall.controllerVersion`,
    });
  }
  return problems;
}
