// os-metal's configuration file (`--config`, a ConfigMap mounted at /etc/os-metal/): its one schema,
// shared by the process that reads it (main.ts) and the chart that writes it (chart/).
import { parse } from 'yaml';
import { z } from 'zod';

export const CONTROLLER_CONFIGURATION_API_VERSION = 'os-metal.metal-garden.io/v1alpha1';
export const CONTROLLER_CONFIGURATION_KIND = 'ControllerConfiguration';

/** The userdata formats os-metal renders. */
export const userdataFormat = z.enum(['ignition', 'cloud-init']);
export type UserdataFormat = z.infer<typeof userdataFormat>;

/** An OperatingSystemConfig `spec.type`: a machine image name as Gardener's CloudProfile lists it. */
const osType = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: 'must be a lowercase OS type name like "ubuntu" (letters, digits, "-")' });

/** The settings without apiVersion/kind: what a chart user sets under `config` in the Helm values. */
export const controllerSettings = z.strictObject({
  osTypes: z
    .array(osType)
    .min(1, { error: 'needs at least one OS type' })
    .refine((types) => new Set(types).size === types.length, { error: 'lists an OS type twice' })
    .default(['ubuntu', 'debian', 'nvidia'])
    .describe('OperatingSystemConfig types os-metal reconciles; the Extension must register the same types'),
  userdataFormat: z
    .strictObject({
      default: userdataFormat.default('ignition'),
      byOSType: z.record(osType, userdataFormat).default({}).describe('format per OS type, overriding `default`'),
    })
    .prefault({}),
  concurrentSyncs: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }).default(5),
});
export type ControllerSettings = z.output<typeof controllerSettings>;

export const controllerConfiguration = controllerSettings.extend({
  apiVersion: z.literal(CONTROLLER_CONFIGURATION_API_VERSION),
  kind: z.literal(CONTROLLER_CONFIGURATION_KIND),
});
export type ControllerConfiguration = z.output<typeof controllerConfiguration>;

/** One thing wrong with the configuration: the field path (e.g. `userdataFormat.byOSType.ubuntu`) and what is wrong. */
export interface ConfigurationProblem {
  readonly path: string;
  readonly message: string;
}

function pathOf(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out === '' ? String(s) : `${out}.${String(s)}`), '');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (current, key) => (typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[key] : undefined),
    root,
  );
}

function describe(issue: z.core.$ZodIssue, input: unknown): ConfigurationProblem {
  const path = pathOf(issue.path) || '(root)';
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  switch (issue.code) {
    case 'unrecognized_keys':
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` };
    case 'invalid_value': {
      const expected = issue.values.map((v) => JSON.stringify(v)).join(' or ');
      return { path, message: value === undefined ? `is required (expected ${expected})` : `got ${shown}: expected ${expected}` };
    }
    case 'invalid_type':
      return { path, message: value === undefined ? `is required (expected ${issue.expected})` : `got ${shown}: expected ${issue.expected}` };
    default:
      return { path, message: `got ${shown}: ${issue.message}` };
  }
}

/** Validates a configuration object; defaults fill what is left out. */
export function checkControllerConfiguration(input: unknown): { config?: ControllerConfiguration; problems: ConfigurationProblem[] } {
  const result = controllerConfiguration.safeParse(input);
  if (result.success) return { config: result.data, problems: [] };
  return { problems: result.error.issues.map((issue) => describe(issue, input)) };
}

/** Parses the YAML text of the configuration file; every problem is reported with its field path. */
export function parseControllerConfiguration(text: string): { config?: ControllerConfiguration; problems: ConfigurationProblem[] } {
  let input: unknown;
  try {
    input = parse(text);
  } catch (err) {
    return { problems: [{ path: '(file)', message: `is not YAML: ${(err as Error).message}` }] };
  }
  return checkControllerConfiguration(input);
}
