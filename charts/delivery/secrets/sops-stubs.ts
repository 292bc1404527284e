import { stringify } from 'yaml';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';

/**
 * What `spec.delivery.secrets.mode: sops` writes besides the layers: one Secret stub per required
 * Secret, in the folder of the first layer that reads it, and the .sops.yaml that makes a plain
 * `sops -e -i <stub>` encrypt it for the landscape's age recipients. Synth never writes a value:
 * the platform team fills a stub and encrypts it, and synth keeps the encrypted file (sops-plan.ts).
 */

/** Where sops looks for its creation rules: the working directory and its parents (getsops/sops config.LookupConfigFile(".")). */
export const SOPS_CONFIG_FILE = '.sops.yaml';

/** The fields of a stub sops encrypts; everything else (apiVersion, kind, metadata) stays readable and reviewable. */
export const ENCRYPTED_REGEX = '^(data|stringData)$';

/** Stub file names: `secret.<namespace>.<name>.sops.yaml`, matched by the creation rule below. */
export const STUB_SUFFIX = '.sops.yaml';

/**
 * sops matches `path_regex` against the file's absolute path with the config file's folder and "/"
 * trimmed (config.parseCreationRuleForFile), so relative to dist/ when run there, and absolute
 * otherwise: `(^|/)` makes the rule match in both cases.
 */
const STUB_PATH_REGEX = '(^|/)secret\\.[^/]+\\.sops\\.yaml$';

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}

/** Secrets that get a stub: those a layer reads. The engine's own Git credentials (no layers) must exist before Flux reads anything. */
export function stubbedSecrets(secrets: readonly RequiredSecret[]): RequiredSecret[] {
  return secrets.filter((secret) => (secret.layers?.length ?? 0) > 0);
}

/** Path of a Secret's stub in dist/: the folder of the first layer that reads it. */
export function stubPath(secret: RequiredSecret): string {
  const layer = secret.layers?.[0];
  if (!layer) throw new Error(`secret ${secret.cluster}/${secret.namespace}/${secret.name}: no layer reads it, so it has no stub (it stays manual)`);
  return `${layer}/secret.${secret.namespace}.${secret.name}${STUB_SUFFIX}`;
}

/** The stub: the Secret the consumer reads, every key present with an empty value to fill in before `sops -e -i`. */
export function renderStub(secret: RequiredSecret): string {
  const metadata = {
    name: secret.name,
    namespace: secret.namespace,
    ...(secret.labels && Object.keys(secret.labels).length > 0 ? { labels: sortedRecord(secret.labels) } : {}),
    ...(secret.annotations && Object.keys(secret.annotations).length > 0 ? { annotations: sortedRecord(secret.annotations) } : {}),
  };
  return yaml({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: 'Opaque',
    stringData: Object.fromEntries([...secret.keys].sort().map((key) => [key, ''])),
  });
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * dist/.sops.yaml: one creation rule for the stubs, encrypting only data/stringData values for
 * exactly the landscape's age recipients. sops takes `age` as one comma-separated string.
 */
export function renderSopsConfig(ageRecipients: readonly string[]): string {
  const header =
    '# Written by synth from spec.delivery.secrets (mode sops). sops reads it when run in this folder:\n' +
    '#   cd <this folder> && sops -e -i <layer folder>/secret.<namespace>.<name>.sops.yaml\n';
  return (
    header +
    yaml({
      creation_rules: [{ path_regex: STUB_PATH_REGEX, encrypted_regex: ENCRYPTED_REGEX, age: [...ageRecipients].join(',') }],
    })
  );
}
