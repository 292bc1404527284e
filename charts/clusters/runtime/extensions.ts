import { GardenerExtension } from '../../constructs/gardener-extension.js';
import { extensionDeployments, isExtensionEnabled } from '../../constructs/gardener-extension-catalog.js';
import { ingressNginxControllerPodLabels } from '../../constructs/ingress-nginx.js';
import { providerMetalAdmissionValues, providerMetalValues } from '../../constructs/provider-metal-values.js';
import { SeedApiServer } from '../../constructs/seed-api-server.js';
import { machineImagesOffered } from '../../landscape/effective.js';
import type { ResolvedLandscape } from '../../landscape/resolve.js';
import { needs, type Layer } from '../layer.js';
import { INGRESS_NGINX_NAMESPACE } from './prerequisites.js';

/**
 * provider-metal's generated values: the CloudProfile's machine images (the same list the CloudProfile
 * offers), and, when the metal control plane runs in this cluster behind its ingress-nginx, egress
 * from provider-metal and the shoot control planes on the soil to that ingress controller.
 */
function providerMetal({ landscape, components }: ResolvedLandscape) {
  return {
    values: providerMetalValues({
      components,
      machineImages: machineImagesOffered(landscape),
      ...(landscape.spec.metalControlPlane.enabled
        ? { ingressController: { namespace: INGRESS_NGINX_NAMESPACE, podLabels: ingressNginxControllerPodLabels() } }
        : {}),
    }),
    admissionValues: providerMetalAdmissionValues(components),
  };
}

export const extensionsLayer: Layer = {
  cluster: 'runtime',
  name: 'extensions',
  description: 'Gardener Extension resources (provider-metal, os-metal, networking, shoot services), provider-metal’s seed-api-server ConfigMap',
  dependsOn: [needs('runtime/gardener-operator', 'the Extension CRD comes with the gardener-operator chart')],
  render: (chart, context) => {
    const { landscape, components } = context;
    const providerMetalEnabled = isExtensionEnabled(landscape, 'provider-metal');
    const generated = providerMetalEnabled ? { 'provider-metal': providerMetal(context) } : {};
    for (const props of extensionDeployments(landscape, components, generated)) {
      new GardenerExtension(chart, props.name, props);
    }
    // The runtime cluster is the soil seed: provider-metal there needs its public API server URL.
    const url = landscape.spec.runtime.apiServerURL;
    if (providerMetalEnabled && url) new SeedApiServer(chart, 'seed-api-server', { url });
  },
};
