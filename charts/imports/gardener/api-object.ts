/**
 * Shared pieces of the hand-written Gardener bindings: the ApiObject base that the per-kind
 * classes extend, and small types every Gardener API group reuses.
 *
 * The classes mimic `cdk8s import` output (static GVK, `manifest()`, `toJson()` without undefined
 * fields) so that replacing these files by bindings generated from gardener-apiserver's OpenAPI
 * changes imports, not call sites.
 */
import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * Removes `undefined` (and drops keys holding it) recursively, so optional props that a chart leaves
 * unset never reach YAML as `null` or `key: ~`. `null` is kept: it is meaningful in strategic merges.
 */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => stripUndefined(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined) out[key] = stripUndefined(v);
  }
  return out as T;
}

/** Props every Gardener kind accepts: metadata plus kind-specific top-level fields (`spec`, or for a few kinds top-level fields). */
export interface GardenerObjectProps {
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Base for one Gardener kind. Subclasses pass their GVK; the props are stored as given and
 * rendered with apiVersion/kind first and undefined fields removed.
 */
export abstract class GardenerApiObject<P extends GardenerObjectProps> extends ApiObject {
  protected constructor(scope: Construct, id: string, gvk: GroupVersionKind, props: P) {
    super(scope, id, { ...gvk, ...props });
  }

  public override toJson(): any {
    return stripUndefined(super.toJson());
  }
}

/** A rendered manifest: the props with apiVersion and kind in front. */
export type GardenerManifest<P extends GardenerObjectProps> = { readonly apiVersion: string; readonly kind: string } & P;

/** Plain manifest for inlining (e.g. into a ManagedResource secret or a test), like cdk8s' `Kind.manifest()`. */
export function manifestOf<P extends GardenerObjectProps>(gvk: GroupVersionKind, props: P): GardenerManifest<P> {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, ...stripUndefined(props) };
}

/**
 * A provider- or component-specific config embedded into a Gardener object (Go: runtime.RawExtension).
 * Typed configs such as provider-metal's `InfrastructureConfig` fit here; `object` keeps the door
 * open for configs we have no type for yet without resorting to `any`.
 */
export type RawExtension = object;

/** Go: corev1.LocalObjectReference. */
export interface LocalObjectReference {
  readonly name: string;
}

/** Go: corev1.SecretReference (name plus namespace, e.g. for seed backup secrets in `garden`). */
export interface SecretReference {
  readonly name: string;
  readonly namespace?: string;
}

/** Go: corev1.ObjectReference, as used by `credentialsRef` (Secret, WorkloadIdentity, InternalSecret). */
export interface ObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Go: autoscalingv1.CrossVersionObjectReference, used by Shoot `resources[].resourceRef`. */
export interface CrossVersionObjectReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** Go: metav1.LabelSelector. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** Go: corev1.Taint, as set on worker pool nodes. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Kubernetes resource quantity (`"2"`, `"8Gi"`); kept a string so values render exactly as written. */
export type Quantity = string;

/** Go: metav1.Duration, rendered as a Go duration string (`"5m"`, `"1h30m"`). */
export type Duration = string;

/** Go: intstr.IntOrString (e.g. worker `maxSurge: 1` or `"10%"`). */
export type IntOrString = number | string;
