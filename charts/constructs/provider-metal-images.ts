import { stringify } from 'yaml';
import type { Components } from '../landscape/release-vector.js';

/**
 * The images gardener-extension-provider-metal deploys into seeds and shoots, by their name in its
 * image vector (`charts/images.yaml` of the extension, vendored under
 * generators/upstream/charts/gardener-extension-provider-metal-<tag>/images.yaml), with the
 * release-vector component that pins each one. The extension's own images.yaml carries the tags it
 * was built with; a metal-stack release pins newer ones (tested together), so the bundle overwrites
 * them, as metal-roles does (`gardener-extensions/templates/provider-metal.yaml`).
 * test/unit/runtime-gardener/provider-metal.test.ts checks this table against the vendored images.yaml.
 */
export const PROVIDER_METAL_IMAGES: Readonly<Record<string, { readonly component: string; readonly sourceRepository: string }>> = {
  'csi-lvm-controller': { component: 'csi-lvm-controller', sourceRepository: 'github.com/metal-stack/csi-lvm' },
  'csi-lvm-provisioner': { component: 'csi-lvm-provisioner', sourceRepository: 'github.com/metal-stack/csi-lvm' },
  droptailer: { component: 'droptailer', sourceRepository: 'github.com/metal-stack/droptailer' },
  'duros-controller': { component: 'duros-controller', sourceRepository: 'github.com/metal-stack/duros-controller' },
  'firewall-controller-manager': { component: 'firewall-controller-manager', sourceRepository: 'github.com/metal-stack/firewall-controller-manager' },
  'machine-controller-manager-provider-metal': {
    component: 'machine-controller-manager-provider-metal',
    sourceRepository: 'github.com/metal-stack/machine-controller-manager-provider-metal',
  },
  metalccm: { component: 'metal-ccm', sourceRepository: 'github.com/metal-stack/metal-ccm' },
  'node-init': { component: 'node-init', sourceRepository: 'github.com/metal-stack/node-init' },
};

/**
 * Images of provider-metal's image vector that a metal-stack release vector does not pin. They stay
 * at the tag provider-metal's own images.yaml pins (an overwrite only replaces the entries it names);
 * metal-roles does not overwrite them either.
 */
export const PROVIDER_METAL_IMAGE_EXCEPTIONS: Readonly<Record<string, string>> = {
  'metallb-controller': 'MetalLB (quay.io/metallb) is third-party and not in the metal-stack release vector; provider-metal pins it',
  'metallb-speaker': 'MetalLB (quay.io/metallb) is third-party and not in the metal-stack release vector; provider-metal pins it',
  'metallb-health-sidecar': 'not in the metal-stack release vector (v0.22.19); provider-metal pins it',
};

/** One entry of a Gardener image vector (`github.com/gardener/gardener/pkg/utils/imagevector`). */
export interface ImageVectorEntry {
  readonly name: string;
  readonly sourceRepository: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * Image-vector entries for every image in {@link PROVIDER_METAL_IMAGES}, repository and tag from the
 * release vector, sorted by name. A component missing from the release vector (or without image and
 * tag) is an error naming the image and the component, since the extension would silently fall back to
 * its built-in tag.
 */
export function providerMetalImageVector(components: Components): ImageVectorEntry[] {
  return Object.entries(PROVIDER_METAL_IMAGES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { component: componentName, sourceRepository }]) => {
      const component = components[componentName];
      if (!component?.image || !component.tag) {
        throw new Error(
          `provider-metal image vector: image ${JSON.stringify(name)} needs release-vector component ${JSON.stringify(componentName)} with name and tag, but the release vector has ${component ? JSON.stringify(component) : 'no such component'}`,
        );
      }
      return { name, sourceRepository, repository: component.image, tag: component.tag };
    });
}

/** The `imageVectorOverwrite` value of provider-metal's chart: YAML text `images: [...]`, read via IMAGEVECTOR_OVERWRITE. */
export function providerMetalImageVectorOverwrite(components: Components): string {
  return stringify({ images: providerMetalImageVector(components) }, { lineWidth: 0 });
}
