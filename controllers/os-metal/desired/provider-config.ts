/**
 * Strict decoding of `spec.providerConfig`: metal-stack's `ImageProviderConfig`
 * (gardener-extension-provider-metal v0.27.11, pkg/apis/metal/v1alpha1/types_osc.go and the
 * NetworkIsolation types in types_cloudprofile.go). provider-metal's control-plane webhook injects
 * it into shoot OSCs whose network access is restricted or forbidden.
 *
 * Upstream decodes it leniently (the type is not registered in its scheme, so the raw JSON is
 * unmarshalled as it is): a misspelled field is dropped and network isolation silently switches
 * off. Here every unknown field is a problem naming the accepted ones. `apiVersion` and `kind` may
 * be absent (upstream ignores them, and so accepts objects without them), but if present they must
 * name this type. JSON `null` stands for "not set", as in Go.
 */
import { z } from 'zod';
import { problem, type Problem } from './problem.js';

export const IMAGE_PROVIDER_CONFIG_API_VERSION = 'metal.provider.extensions.gardener.cloud/v1alpha1';
export const IMAGE_PROVIDER_CONFIG_KIND = 'ImageProviderConfig';

export interface RegistryMirror {
  readonly name?: string;
  /** URL of the mirror, typically `https://hostname[:port]`. */
  readonly endpoint?: string;
  readonly ip?: string;
  readonly port?: number;
  /** Registries (host names) this mirror serves. */
  readonly mirrorOf?: readonly string[];
}

export interface NetworkIsolation {
  readonly allowedNetworks?: { readonly ingress?: readonly string[]; readonly egress?: readonly string[] };
  readonly dnsServers?: readonly string[];
  readonly ntpServers?: readonly string[];
  readonly registryMirrors?: readonly RegistryMirror[];
}

export interface ImageProviderConfig {
  readonly networkIsolation?: NetworkIsolation;
}

const strings = z.array(z.string()).nullish();
const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);

const allowedNetworksShape = { ingress: strings, egress: strings };
const registryMirrorShape = {
  name: z.string().nullish(),
  endpoint: z.string().nullish(),
  ip: z.string().nullish(),
  port: int32.nullish(),
  mirrorOf: strings,
};
const networkIsolationShape = {
  allowedNetworks: z.strictObject(allowedNetworksShape).nullish(),
  dnsServers: strings,
  ntpServers: strings,
  registryMirrors: z.array(z.strictObject(registryMirrorShape)).nullish(),
};
const imageProviderConfigShape = {
  apiVersion: z.literal(IMAGE_PROVIDER_CONFIG_API_VERSION).optional(),
  kind: z.literal(IMAGE_PROVIDER_CONFIG_KIND).optional(),
  networkIsolation: z.strictObject(networkIsolationShape).nullish(),
};
const imageProviderConfigSchema = z.strictObject(imageProviderConfigShape);

/** Accepted field names per object, keyed by the path with array indices as `[]`. */
const acceptedFields: ReadonlyMap<string, readonly string[]> = new Map([
  ['', Object.keys(imageProviderConfigShape)],
  ['networkIsolation', Object.keys(networkIsolationShape)],
  ['networkIsolation.allowedNetworks', Object.keys(allowedNetworksShape)],
  ['networkIsolation.registryMirrors[]', Object.keys(registryMirrorShape)],
]);

const BASE = 'spec.providerConfig';

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${String(s)}`)).join('');
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let current = root;
  for (const s of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[s];
  }
  return current;
}

function expectation(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'expected an integer' : `expected ${issue.expected}`;
  if (issue.code === 'too_big' || issue.code === 'too_small') return 'expected a 32-bit integer';
  return issue.message;
}

function toProblems(raw: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const at = `${BASE}${fieldPath(issue.path)}`;
    if (issue.code === 'unrecognized_keys') {
      const shapeKey = fieldPath(issue.path.map((s) => (typeof s === 'number' ? '[]' : s)))
        .replace(/^\./, '')
        .replace(/\.\[\]/g, '[]');
      const accepted = acceptedFields.get(shapeKey) ?? [];
      return issue.keys.map((key) =>
        problem(`${at}.${key}`, `unable to decode providerConfig: unknown field ${JSON.stringify(key)} (accepted: ${accepted.join(', ')})`),
      );
    }
    return [problem(at, `unable to decode providerConfig: ${expectation(issue)}`, valueAt(raw, issue.path))];
  });
}

/** The decoded config, or the problems that make it undecodable. Absent (or null) means no isolation. */
export function decodeProviderConfig(raw: unknown): { config: ImageProviderConfig } | { problems: Problem[] } {
  if (raw === undefined || raw === null) return { config: {} };
  const parsed = imageProviderConfigSchema.safeParse(raw);
  if (!parsed.success) return { problems: toProblems(raw, parsed.error.issues) };
  return { config: withoutNulls(parsed.data) };
}

type Decoded = z.infer<typeof imageProviderConfigSchema>;

/** Drops JSON nulls so the rest of the code sees "absent" only as `undefined`. */
function withoutNulls(decoded: Decoded): ImageProviderConfig {
  const ni = decoded.networkIsolation;
  if (!ni) return {};
  const list = (v: readonly string[] | null | undefined) => v ?? undefined;
  return {
    networkIsolation: {
      ...(ni.allowedNetworks ? { allowedNetworks: { ingress: list(ni.allowedNetworks.ingress), egress: list(ni.allowedNetworks.egress) } } : {}),
      dnsServers: list(ni.dnsServers),
      ntpServers: list(ni.ntpServers),
      registryMirrors: ni.registryMirrors?.map((m) => ({
        name: m.name ?? undefined,
        endpoint: m.endpoint ?? undefined,
        ip: m.ip ?? undefined,
        port: m.port ?? undefined,
        mirrorOf: list(m.mirrorOf),
      })),
    },
  };
}
