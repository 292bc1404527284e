import { z } from 'zod';
import { classification, dnsLabel, dnsName, helmValues, kubernetesVersion, secretName, url } from './primitives.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3])[0-5]\d[0-5]\d[+-]\d{4}$/, { error: 'must be HHMMSS+ZZZZ, e.g. 220000+0100' });

export const maintenance = z
  .strictObject({
    timeWindow: z.strictObject({ begin: timeOfDay.default('220000+0100'), end: timeOfDay.default('230000+0100') }).prefault({}),
    autoUpdate: z.strictObject({ kubernetesVersion: z.boolean().default(true), machineImageVersion: z.boolean().default(true) }).prefault({}),
  })
  .prefault({});

export const backup = z.strictObject({
  provider: z.enum(['gcp', 's3']),
  bucketName: dnsLabel,
  region: z.string().min(1),
  secretRef: secretName.describe('Secret with the object storage credentials'),
});

export const garden = z.strictObject({
  virtualCluster: z.strictObject({
    domain: dnsName.describe('domain of the virtual garden API: api.<domain>'),
    kubernetesVersion: kubernetesVersion,
    highAvailability: z.boolean().default(false),
    etcd: z.strictObject({ backup }),
  }),
  maintenance,
});

export const extensionName = z.enum([
  'provider-metal',
  'os-metal',
  'networking-calico',
  'networking-cilium',
  'shoot-cert-service',
  'shoot-dns-service',
  'dns-powerdns',
  'backup-s3',
]);
export type ExtensionName = z.infer<typeof extensionName>;

export const extensionSettings = z.strictObject({
  enabled: z.boolean().optional().describe('default: on, except dns-powerdns and backup-s3'),
  values: helmValues.default({}).describe('Helm values merged over the generated ones (no secret values)'),
});

/** Which os-metal a landscape deploys. */
export const osMetalImplementation = z.enum(['metal-garden', 'upstream']);
export type OsMetalImplementation = z.infer<typeof osMetalImplementation>;

const osMetalSettings = extensionSettings.extend({
  implementation: osMetalImplementation
    .default('metal-garden')
    .describe(
      "metal-garden: this project's os-metal (chart and image from controllers/artifacts.json, pulled from spec.controllers.registry); upstream: metal-stack's os-metal-extension, chart and image as the release vector pins them",
    ),
});

/** Settings per extension; os-metal also chooses its implementation. Keys in `extensionName`'s order (error messages list them). */
export const extensions = z
  .strictObject({
    'provider-metal': extensionSettings.optional(),
    'os-metal': osMetalSettings.optional(),
    'networking-calico': extensionSettings.optional(),
    'networking-cilium': extensionSettings.optional(),
    'shoot-cert-service': extensionSettings.optional(),
    'shoot-dns-service': extensionSettings.optional(),
    'dns-powerdns': extensionSettings.optional(),
    'backup-s3': extensionSettings.optional(),
  } satisfies Record<ExtensionName, z.ZodType>)
  .default({});

export const cloudProfile = z.strictObject({
  name: dnsLabel.default('metal'),
  regions: z.array(z.strictObject({ name: dnsLabel, zones: z.array(dnsLabel).min(1).describe('metal-stack partition ids') })).min(1),
  kubernetesVersions: z.array(z.strictObject({ version: kubernetesVersion, classification: classification.default('supported') })).min(1),
  firewall: z.strictObject({
    images: z.array(z.string().min(1)).min(1).describe('metal-api image ids (<os>-<version>) with feature firewall'),
    sizes: z.array(dnsLabel).min(1).describe('metal-stack size ids with purpose firewall'),
    controllerVersions: z
      .array(
        z.strictObject({
          version: z.string().regex(/^v\d+\.\d+\.\d+$/, { error: 'must look like v2.5.0' }),
          url,
          classification: classification.default('supported'),
        }),
      )
      .min(1),
  }),
});
