// The chart's values: their schema (also written as the chart's values.schema.json, which helm and
// Gardener's chart renderer check before rendering), and the one mapping from values to the
// constructs' props, used with real values (tests, `objectsFor`) and with template tokens (writeChart).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CONTROLLER_CONFIGURATION_API_VERSION, CONTROLLER_CONFIGURATION_KIND, controllerSettings } from '../config.js';
import { imageByDigest, OCI_REPOSITORY, SHA256_DIGEST } from '../../artifacts.js';
import type { OsMetalControllerProps } from './controller.js';
import { DEFAULT_RESOURCES } from './deployment.js';
import { goJson } from './go-json.js';
import type { HelmTemplate } from './helm-template.js';
import { VPA_UPDATE_MODES } from './vertical-autoscaler.js';

/** Kubernetes quantity: a number, or a decimal with an optional SI/binary suffix or exponent. */
const quantity = z.union([
  z.number().nonnegative(),
  z.string().regex(/^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/, { error: 'must be a Kubernetes quantity, e.g. 100m, 128Mi, 1' }),
]);
const resourceList = z.record(
  z.string().regex(/^([a-z0-9.-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be a resource name like cpu or memory' }),
  quantity,
);

/** pino's levels: what the process accepts in LOG_LEVEL. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export const chartValues = z.strictObject({
  image: z.strictObject({
    repository: z.string().regex(OCI_REPOSITORY, { error: 'must be an OCI repository without scheme, tag or digest' }),
    digest: z.string().regex(SHA256_DIGEST, { error: 'must be sha256:<64 lowercase hex digits>; the image is pinned by digest' }),
    pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).default('IfNotPresent'),
  }),
  replicaCount: z
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(10, { error: 'must be at most 10' })
    .default(2)
    .describe('one leader, the rest stand by'),
  resources: z
    .strictObject({ requests: resourceList.optional(), limits: resourceList.optional() })
    .default(() => ({ requests: { ...DEFAULT_RESOURCES.requests }, limits: { ...DEFAULT_RESOURCES.limits } })),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  config: controllerSettings.prefault({}).describe('the ControllerConfiguration os-metal reads (without apiVersion/kind)'),
  vpa: z
    .strictObject({
      enabled: z.boolean().default(true),
      updateMode: z.enum(VPA_UPDATE_MODES).default('Recreate'),
      minAllowedMemory: z
        .string()
        .regex(/^\d+(Ki|Mi|Gi)$/, { error: 'must be a memory quantity like 64Mi' })
        .default('64Mi'),
    })
    .prefault({}),
  // Set by gardenlet when it installs the chart into a seed (ControllerInstallation reconciler): version,
  // garden.clusterIdentity, seed.{name, provider, region, spec, ...}, gardenlet.featureGates. Accepted, not needed.
  gardener: z.looseObject({}).optional().describe('set by gardenlet (version, garden, seed, gardenlet); not read by this chart'),
  usablePorts: z.array(z.unknown()).optional().describe('set by gardenlet only when it bootstraps a self-hosted shoot; not read by this chart'),
});
export type ChartValues = z.output<typeof chartValues>;
export type ChartValuesInput = z.input<typeof chartValues>;

/** Where the constructs' props come from: real values, or template tokens for them. */
export interface ValueSource {
  /** The installation namespace. */
  readonly namespace: string;
  readonly values: ChartValues;
  /** The ControllerConfiguration text of `values.config` and its sha256. */
  readonly configuration: { readonly text: string; readonly checksum: string };
}

/** The one mapping from chart values to the constructs' props. */
export function controllerProps(source: ValueSource): OsMetalControllerProps {
  const { values } = source;
  return {
    namespace: source.namespace,
    image: imageByDigest(values.image),
    imagePullPolicy: values.image.pullPolicy,
    replicas: values.replicaCount,
    resources: values.resources,
    logLevel: values.logLevel,
    configuration: source.configuration.text,
    configChecksum: source.configuration.checksum,
    ...(values.vpa.enabled ? { vpa: { updateMode: values.vpa.updateMode, minAllowedMemory: values.vpa.minAllowedMemory } } : {}),
  };
}

/** One value the chart would reject: its path in the values (e.g. `config.osTypes[0]`) and what is wrong. */
export interface ValuesProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem of `input` against the chart's values schema, each with the path, the value found and what is accepted. */
export function chartValuesProblems(input: unknown): ValuesProblem[] {
  const result = chartValues.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? String(s) : `${out}.${String(s)}`), '');
    const value = issue.path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
    const shown = value === undefined ? 'nothing' : JSON.stringify(value);
    if (issue.code === 'unrecognized_keys')
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
    if (issue.code === 'invalid_value') return { path, message: `got ${shown}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
    return { path, message: `got ${shown}: ${issue.message}` };
  });
}

/** Values checked against the schema; an error lists every problem with its path and value. */
export function checkChartValues(input: unknown): ChartValues {
  const result = chartValues.safeParse(input);
  if (result.success) return result.data;
  throw new Error(
    `os-metal chart values: ${chartValuesProblems(input)
      .map((p) => `${p.path || '(root)'}: ${p.message}`)
      .join('; ')}`,
  );
}

/** The ControllerConfiguration document's text, byte for byte what the chart's `toJson` renders. */
export function configurationText(settings: ChartValues['config']): string {
  return goJson({ ...settings, apiVersion: CONTROLLER_CONFIGURATION_API_VERSION, kind: CONTROLLER_CONFIGURATION_KIND });
}

/** Real values for an installation into `namespace`: the construct output the chart must reproduce. */
export function valueSource(values: ChartValues, namespace: string): ValueSource {
  const text = configurationText(values.config);
  return { namespace, values, configuration: { text, checksum: createHash('sha256').update(text).digest('hex') } };
}

// The same document in the chart: a fresh dict with apiVersion/kind, the configured settings merged in.
const CONFIG_DOCUMENT = `toJson (merge (dict "apiVersion" ${JSON.stringify(CONTROLLER_CONFIGURATION_API_VERSION)} "kind" ${JSON.stringify(CONTROLLER_CONFIGURATION_KIND)}) .Values.config)`;

/** Template tokens in place of every value the constructs read. */
export function templateSource(template: HelmTemplate): ValueSource {
  return {
    namespace: template.plain('.Release.Namespace'),
    values: {
      image: {
        repository: template.plain('.Values.image.repository'),
        digest: template.plain('.Values.image.digest'),
        pullPolicy: template.json<ChartValues['image']['pullPolicy']>('.Values.image.pullPolicy'),
      },
      replicaCount: template.int('.Values.replicaCount'),
      resources: template.json<ChartValues['resources']>('.Values.resources'),
      logLevel: template.json<ChartValues['logLevel']>('.Values.logLevel'),
      config: template.json<ChartValues['config']>('.Values.config'),
      // The VPA's template is wrapped in `if .Values.vpa.enabled` (chart/index.ts).
      vpa: {
        enabled: true,
        updateMode: template.json<ChartValues['vpa']['updateMode']>('.Values.vpa.updateMode'),
        minAllowedMemory: template.json('.Values.vpa.minAllowedMemory'),
      },
    },
    configuration: { text: template.json(CONFIG_DOCUMENT), checksum: template.json(`${CONFIG_DOCUMENT} | sha256sum`) },
  };
}
