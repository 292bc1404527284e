import type { Problem } from '../problems.js';
import type { ExtensionName } from '../schema/gardener.js';
import type { Landscape } from '../schema/landscape.js';
import { extensionEnabled, known, machineImagesOffered } from '../effective.js';
import { osMetalArtifacts, osMetalImplementation, osMetalOsTypes, osMetalValues, osMetalValuesProblems } from '../os-metal.js';
import { EXTENSION_CATALOG } from '../../constructs/gardener-extension-catalog.js';

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

/** The OperatingSystemConfig types dist/'s os-metal Extension registers; undefined when its values are broken (osMetalChartValues reports that). */
function registeredOsTypes(landscape: Landscape): string[] | undefined {
  if (osMetalImplementation(landscape) === 'upstream')
    return EXTENSION_CATALOG['os-metal'].resources.filter((r) => r.kind === 'OperatingSystemConfig').map((r) => r.type);
  const entry = osMetalArtifacts();
  if (osMetalValuesProblems(landscape, entry).length > 0) return undefined;
  return osMetalOsTypes(osMetalValues(landscape, entry));
}

/**
 * A worker pool's image os is its OperatingSystemConfig type: gardener-apiserver's ExtensionValidator
 * admission refuses a Shoot whose type no ControllerRegistration offers ("given Shoot uses
 * non-registered operating system type"), and os-metal registers only the types it is configured for.
 */
export function workerOsRegistered(landscape: Landscape): Problem[] {
  if (!extensionEnabled(landscape, 'os-metal')) return [];
  const types = registeredOsTypes(landscape);
  if (!types) return [];
  // An os without a machine image is workerReferences' to report.
  const imaged = new Set(machineImagesOffered(landscape).map((image) => image.os));
  return landscape.spec.seeds.shooted.flatMap((seed, i) =>
    seed.workers.flatMap((worker, w) =>
      types.includes(worker.image.os) || !imaged.has(worker.image.os)
        ? []
        : [
            {
              path: `spec.seeds.shooted[${i}].workers[${w}].image.os`,
              message: `${JSON.stringify(worker.image.os)} is not an operating system os-metal registers (${known(types)}); gardener-apiserver refuses a Shoot whose worker OS no extension offers: use one of them${osMetalImplementation(landscape) === 'metal-garden' ? ' or add it to spec.extensions.os-metal.values.config.osTypes' : ''}`,
            },
          ],
    ),
  );
}

/**
 * Extension values travel whole into one object each: the Extension in the runtime cluster (etcd's
 * default request limit is 1.5 MiB, kube-apiserver's --max-request-bytes for etcd writes) and the
 * Helm release Secret gardenlet stores for the chart (Kubernetes caps a Secret at 1 MiB,
 * MaxSecretSize). A dry-run does not reach etcd, so this limit is checked here: at most 512 KiB of
 * values per extension leaves room for the rest of the object and the release's manifests.
 */
const VALUES_LIMIT = 512 * 1024;

export function extensionValuesSize(landscape: Landscape): Problem[] {
  return Object.entries(landscape.spec.extensions).flatMap(([name, settings]) => {
    const size = Buffer.byteLength(JSON.stringify(settings?.values ?? {}), 'utf8');
    return size <= VALUES_LIMIT
      ? []
      : [
          {
            path: `spec.extensions.${name}.values`,
            message: `are ${size} bytes as JSON; at most ${VALUES_LIMIT} fit into the Extension object and the Helm release Secret (1 MiB, Kubernetes' MaxSecretSize): move large data into a ConfigMap or Secret the chart references`,
          },
        ];
  });
}
