/**
 * security.gardener.cloud/v1alpha1 — CredentialsBinding, which lets Shoots of a project use provider
 * credentials (a Secret, WorkloadIdentity or InternalSecret) possibly living in another namespace.
 * Shoots reference it via `spec.credentialsBindingName`.
 *
 * Go: `pkg/apis/security/v1alpha1`. Note the fields are top-level: CredentialsBinding has no `spec`.
 */
import type { ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';
import { GardenerApiObject, manifestOf, type GardenerManifest, type ObjectReference } from './api-object.js';

export const SECURITY_V1ALPHA1 = 'security.gardener.cloud/v1alpha1';

export interface CredentialsBindingProvider {
  /** Provider type the credentials are for (`metal`); must equal the Shoot's provider type. */
  readonly type: string;
}

export interface CredentialsBindingProps {
  readonly metadata: ApiObjectMetadata;
  readonly provider: CredentialsBindingProvider;
  /**
   * The credentials: `{apiVersion: 'v1', kind: 'Secret', ...}` for a metal-api HMAC/token secret, or
   * `security.gardener.cloud/v1alpha1 WorkloadIdentity`. Namespace defaults to the binding's namespace.
   */
  readonly credentialsRef: ObjectReference;
  /** core/v1 ObjectReferences to Quota objects limiting what shoots using these credentials may consume. */
  readonly quotas?: readonly { readonly name: string; readonly namespace?: string }[];
}

export class CredentialsBinding extends GardenerApiObject<CredentialsBindingProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: SECURITY_V1ALPHA1, kind: 'CredentialsBinding' };
  public static manifest(props: CredentialsBindingProps): GardenerManifest<CredentialsBindingProps> {
    return manifestOf(CredentialsBinding.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: CredentialsBindingProps) {
    super(scope, id, CredentialsBinding.GVK, props);
  }
}
