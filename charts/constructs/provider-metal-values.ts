import type { Components } from '../landscape/release-vector.js';
import type { HelmValues } from './helm-values.js';
import { providerMetalImageVectorOverwrite } from './provider-metal-images.js';

/** Release-vector component of provider-metal: its image runs both the extension and its admission webhook. */
export const PROVIDER_METAL_COMPONENT = 'gardener-extension-provider-metal';

/**
 * One entry of provider-metal's `ControllerConfiguration.machineImages` (pkg/apis/config/v1alpha1
 * `MachineImage`): the worker controller maps a Shoot's machine image name and version to the metal-api
 * image id with it, and fails the Worker ("could not find machine image ...") for a pair it lacks.
 */
export interface ProviderMetalMachineImage {
  readonly name: string;
  readonly version: string;
  readonly image: string;
}

export interface ProviderMetalValuesProps {
  readonly components: Components;
  /** The machine images the CloudProfile offers (`<os>` and `<version>`; the metal-api id is `<os>-<version>`). */
  readonly machineImages: readonly { readonly os: string; readonly version: string }[];
  /**
   * The ingress controller in the same cluster through which the metal-api is reached. provider-metal
   * then lets its own pods and every shoot control plane it deploys egress to it (the LoadBalancer IP of
   * an in-cluster ingress is short-circuited to its pods, which Gardener's default-deny does not allow).
   * Default: none (metal-api elsewhere).
   */
  readonly ingressController?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
}

/** Pinned tags make `Always` pointless; metal-roles uses IfNotPresent too (`metal_control_plane_image_pull_policy`). */
const PULL_POLICY = 'IfNotPresent';

function image(components: Components): HelmValues {
  const component = components[PROVIDER_METAL_COMPONENT];
  if (!component?.image || !component.tag) {
    throw new Error(
      `provider-metal: release-vector component ${JSON.stringify(PROVIDER_METAL_COMPONENT)} needs name and tag for the extension and admission image, got ${JSON.stringify(component ?? null)}`,
    );
  }
  return { repository: component.image, tag: component.tag, pullPolicy: PULL_POLICY };
}

/** `config.machineImages`: one entry per CloudProfile image version, sorted, duplicates rejected. */
export function providerMetalMachineImages(images: ProviderMetalValuesProps['machineImages']): ProviderMetalMachineImage[] {
  const entries = images.map(({ os, version }) => ({ name: os, version, image: `${os}-${version}` }));
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.image)) throw new Error(`provider-metal config.machineImages: image ${entry.name} version ${entry.version} is listed twice`);
    seen.add(entry.image);
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/**
 * Values of provider-metal's extension chart (`gardener-extension-provider-metal/values.yaml`) as
 * gardenlet renders it into every seed: the release-vector image, the controller config's machine-image
 * mapping and ingress-controller network policies, and an image-vector overwrite for every image it
 * deploys into seeds and shoots.
 *
 * Compared with metal-roles (`gardener-extensions/templates/provider-metal.yaml`): etcd backup schedule
 * and delta-snapshot period, firewallInternalPrefixes, imagePullSecret, egressDestinations and duros are
 * left at provider-metal's defaults (metal-roles' defaults are empty too, except the etcd backup timing);
 * the network policies follow the landscape (metal control plane in this cluster) instead of an opt-in flag;
 * duros-controller is always in the overwrite (harmless while duros is off) and csi-lvm-provisioner gets
 * its tag (metal-roles' template omits it).
 */
export function providerMetalValues(props: ProviderMetalValuesProps): HelmValues {
  const { ingressController } = props;
  if (ingressController && Object.keys(ingressController.podLabels).length === 0) {
    throw new Error(
      `provider-metal: ingressController in namespace ${ingressController.namespace} needs pod labels; an empty selector would open egress to every pod there`,
    );
  }
  return {
    image: image(props.components),
    config: {
      machineImages: providerMetalMachineImages(props.machineImages),
      ...(ingressController
        ? { networkPolicies: { enabled: true, ingressController: { namespace: ingressController.namespace, podSelector: { ...ingressController.podLabels } } } }
        : {}),
    },
    imageVectorOverwrite: providerMetalImageVectorOverwrite(props.components),
  };
}

/**
 * Values of provider-metal's admission charts (gardener-operator passes `deployment.admission.values`
 * to both): the runtime chart runs the webhook from the extension's image; its default is `latest`.
 */
export function providerMetalAdmissionValues(components: Components): HelmValues {
  return { image: image(components) };
}
