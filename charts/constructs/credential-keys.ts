/**
 * Data keys of the credential Secrets the virtual-garden layers reference, so the secret inventory
 * tells the platform team exactly what to put into each one. Values never pass through metal-garden.
 */

/**
 * metal-api credentials read by gardener-extension-provider-metal (`pkg/metal/secret.go`):
 * `metalAPIURL` plus exactly one of `metalAPIHMac` (HMAC auth) or `metalAPIKey` (token auth).
 */
export const METAL_API_CREDENTIAL_KEYS = ['metalAPIHMac', 'metalAPIURL'] as const;
export const METAL_API_CREDENTIAL_NOTE = 'metalAPIURL plus exactly one of metalAPIHMac (as listed) or metalAPIKey';

/** Keys the Gardener DNS provider extensions read, per provider type. */
export function dnsCredentialKeys(type: string): readonly string[] {
  switch (type) {
    case 'google-clouddns':
      return ['serviceaccount.json'];
    case 'aws-route53':
      return ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
    case 'azure-dns':
      return ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID'];
    case 'powerdns':
      return ['apiKey', 'server'];
    default:
      throw new Error(`unknown DNS provider type ${JSON.stringify(type)}; known: google-clouddns, aws-route53, azure-dns, powerdns`);
  }
}

/** Keys the backup extensions read: provider-gcp (`serviceaccount.json`) or metal-stack's backup-s3 (`pkg/s3/types.go`). */
export function backupCredentialKeys(provider: string): readonly string[] {
  switch (provider) {
    case 'gcp':
      return ['serviceaccount.json'];
    case 's3':
      return ['accessKeyID', 'endpoint', 'region', 'secretAccessKey'];
    default:
      throw new Error(`unknown backup provider ${JSON.stringify(provider)}; known: gcp, s3`);
  }
}
