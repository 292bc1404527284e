import { GardenerOperator } from '../../constructs/gardener-operator.js';
import { GARDEN_NAMESPACE } from '../../constructs/gardener-domains.js';
import type { Components } from '../../landscape/release-vector.js';
import { needs, type Layer } from '../layer.js';

/** Namespace of gardener-operator, the Garden's secrets and the virtual garden control plane (one definition: gardener-domains.ts). */
export { GARDEN_NAMESPACE };

/** The release-vector entry of gardener-operator (`docker-images.gardener...operator`). */
export function operatorComponent(components: Components): { chart: string; image: string; tag: string } {
  const component = components['operator'];
  const chart = component?.charts?.['ref'];
  if (!component?.image || !component.tag || !chart) {
    throw new Error(`release vector: component "operator" needs image, tag and charts.ref (got ${JSON.stringify(component ?? null)})`);
  }
  // A release vector may write charts.ref with the oci:// scheme (release-components accepts both, as the gardenlet's does).
  return { chart: chart.replace(/^oci:\/\//, ''), image: component.image, tag: component.tag };
}

export const gardenerOperatorLayer: Layer = {
  cluster: 'runtime',
  name: 'gardener-operator',
  description: 'gardener-operator Helm release from its OCI chart; brings the Garden and Extension CRDs',
  dependsOn: [needs('runtime/prerequisites', 'namespace garden, where the operator and its Helm release live')],
  render: (chart, { components }) => {
    const operator = operatorComponent(components);
    new GardenerOperator(chart, 'gardener-operator', {
      chart: operator.chart,
      version: operator.tag,
      image: operator.image,
      namespace: GARDEN_NAMESPACE,
    });
  },
};
