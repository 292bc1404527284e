import type { Problem } from '../problems.js';
import type { ExtensionName } from '../schema/gardener.js';
import type { Landscape } from '../schema/landscape.js';
import { extensionEnabled } from '../effective.js';
import { osMetalArtifacts, osMetalImplementation, osMetalValuesProblems } from '../os-metal.js';

/** Extensions the rendered landscape needs; disabling one of them leaves Gardener unable to reconcile it. */
export function requiredExtensions(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const problems: Problem[] = [];
  const enabled = (name: ExtensionName) => extensionEnabled(landscape, name);
  if (!enabled('networking-calico') && !enabled('networking-cilium')) {
    problems.push({
      path: 'spec.extensions',
      message: 'networking-calico and networking-cilium are both disabled; shoots and shooted seeds need a networking extension: enable one of them',
    });
  }
  const seeds = spec.seeds.shooted.map((s) => s.name);
  if (seeds.length > 0) {
    for (const name of ['provider-metal', 'os-metal'] as const) {
      if (!enabled(name)) {
        problems.push({
          path: `spec.extensions.${name}.enabled`,
          message: `is false, but the shooted seeds ${seeds.join(', ')} run on metal-stack and need ${name}; enable it or remove the shooted seeds`,
        });
      }
    }
  }
  const backups: [string, string][] = [
    ['spec.garden.virtualCluster.etcd.backup.provider', spec.garden.virtualCluster.etcd.backup.provider],
    ['spec.seeds.soil.backup.provider', spec.seeds.soil.backup.provider],
    ...spec.seeds.shooted.flatMap((s, i): [string, string][] => (s.backup ? [[`spec.seeds.shooted[${i}].backup.provider`, s.backup.provider]] : [])),
  ];
  if (!enabled('backup-s3')) {
    for (const [path, provider] of backups) {
      if (provider === 's3')
        problems.push({
          path,
          message: `"s3" needs the backup-s3 extension, which is disabled; set spec.extensions.backup-s3.enabled: true or use provider "gcp"`,
        });
    }
  }
  const dns: [string, string][] = [
    ['spec.runtime.dns.type', spec.runtime.dns.type],
    ...(spec.seeds.soil.dns ? [['spec.seeds.soil.dns.type', spec.seeds.soil.dns.type] as [string, string]] : []),
    ...spec.seeds.shooted.flatMap((s, i): [string, string][] => (s.dns ? [[`spec.seeds.shooted[${i}].dns.type`, s.dns.type]] : [])),
  ];
  if (!enabled('dns-powerdns')) {
    for (const [path, type] of dns) {
      if (type === 'powerdns')
        problems.push({ path, message: `"powerdns" needs the dns-powerdns extension, which is disabled; set spec.extensions.dns-powerdns.enabled: true` });
    }
  }
  return problems;
}

/**
 * metal-garden's os-metal: the values dist/'s Extension carries (generated, with
 * `spec.extensions.os-metal.values` over them) must pass the chart's values schema, or every
 * gardenlet would refuse to render the chart.
 */
export function osMetalChartValues(landscape: Landscape): Problem[] {
  if (!extensionEnabled(landscape, 'os-metal') || osMetalImplementation(landscape) !== 'metal-garden') return [];
  return osMetalValuesProblems(landscape, osMetalArtifacts()).map((problem) => ({
    path: `spec.extensions.os-metal.values${problem.path === '' ? '' : `.${problem.path}`}`.replace('.[', '['),
    message: `${problem.message} (os-metal chart values, implementation metal-garden)`,
  }));
}
