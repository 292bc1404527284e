import { needs, type Layer, type SynthContext } from '../layer.js';
import type { Component } from '../../landscape/release-vector.js';
import { BACKUP_ENCRYPTION_KEY, backupCredentialKeys, type BackupTarget } from '../../constructs/backup-restore-sidecar.js';
import { certificateSecretName, MetalPki, type LeafCertificate } from '../../constructs/metal-pki.js';
import { Nsq, NSQD_SERVICE } from '../../constructs/nsq.js';
import { POSTGRES_PASSWORD_KEY, PostgresDatabase } from '../../constructs/postgres-database.js';
import { RETHINKDB_PASSWORD_KEY, RethinkDb } from '../../constructs/rethinkdb.js';
import { ClientNetworkPolicy } from '../../constructs/client-network-policy.js';
import { ingressNginxControllerPodLabels } from '../../constructs/ingress-nginx.js';
import { metalDataNetworkPolicies } from '../../constructs/metal-data-network-policies.js';
import { NoEvictionBudget } from '../../constructs/no-eviction-budget.js';
import { INGRESS_NGINX_NAMESPACE } from './prerequisites.js';

/** Database names: StatefulSet, Service and password Secret share them. */
export const METAL_DB = 'metal-db';
export const IPAM_DB = 'ipam-db';
export const MASTERDATA_DB = 'masterdata-db';
/**
 * Postgres database names inside ipam-db and masterdata-db, as metal-roles creates them
 * (`ipam_db_db: ipam`, `masterdata_db_db: masterdata`), so backups restore into the names the
 * components read. masterdata-db also holds tenant-apiserver's tables (metal-roles does the same).
 */
export const POSTGRES_DATABASES = { [IPAM_DB]: 'ipam', [MASTERDATA_DB]: 'masterdata' } as const;

/** Names of the cert-manager Certificates of the metal-stack PKI (Secrets are `<name>-tls`). */
export const METAL_CERTIFICATES = {
  metalApiGrpcServer: 'metal-api-grpc-server',
  masterdataApiServer: 'masterdata-api-server',
  masterdataApiClient: 'masterdata-api-client',
  nsqdServer: 'nsqd-server',
  nsqClient: 'nsq-client',
} as const;

/** `image:tag` of a release-vector component; the validator guarantees presence, this names the gap if not. */
export function componentImage(components: Readonly<Record<string, Component>>, name: string): string {
  const component = components[name];
  if (!component?.image || !component.tag) throw new Error(`release vector: component ${JSON.stringify(name)} has no image and tag`);
  return `${component.image}:${component.tag}`;
}

function serviceNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

/** The leaf certificates metal-stack's control plane needs, with the names clients dial. */
export function metalCertificates(namespace: string, apiDomain: string): LeafCertificate[] {
  return [
    // metal-api gRPC is reached by metal-core and pixiecore in the partitions through the ingress on 50051.
    { name: METAL_CERTIFICATES.metalApiGrpcServer, role: 'server', commonName: 'metal-api', dnsNames: [apiDomain, ...serviceNames('metal-api', namespace)] },
    // masterdata-api's probes dial localhost and present the server certificate as client certificate.
    {
      name: METAL_CERTIFICATES.masterdataApiServer,
      role: 'server-and-client',
      commonName: 'masterdata-api',
      dnsNames: ['localhost', ...serviceNames('masterdata-api', namespace)],
    },
    { name: METAL_CERTIFICATES.masterdataApiClient, role: 'client', commonName: 'metal-api' },
    // nsqd is published on the ingress under the API domain (its broadcast address).
    { name: METAL_CERTIFICATES.nsqdServer, role: 'server', commonName: 'nsqd', dnsNames: [apiDomain, ...serviceNames(NSQD_SERVICE, namespace)] },
    { name: METAL_CERTIFICATES.nsqClient, role: 'client', commonName: 'metal-api', combinedPem: true },
  ];
}

/** Registers the password Secret of a database and returns its name. */
function passwordSecret(context: SynthContext, namespace: string, name: string, key: string, purpose: string): string {
  return context.secrets.require({ cluster: 'runtime', namespace, name, keys: [key], purpose });
}

export const metalDatabasesLayer: Layer = {
  cluster: 'runtime',
  name: 'metal-databases',
  description: 'metal-stack PKI through cert-manager, metal-db (RethinkDB), ipam-db and masterdata-db (Postgres) with backups, nsq',
  dependsOn: [needs('runtime/prerequisites', 'namespace metal-control-plane, and cert-manager for the Issuers and Certificates of the metal PKI')],
  render: (chart, context) => {
    const { landscape, components } = context;
    const spec = landscape.spec.metalControlPlane;
    if (!spec.enabled) return;
    const namespace = spec.namespace;
    const { databases } = spec;

    new MetalPki(chart, 'pki', { namespace, certificates: metalCertificates(namespace, spec.apiDomain) });

    const backupSecret = context.secrets.require({
      cluster: 'runtime',
      namespace,
      name: databases.backup.secretRef,
      keys: backupCredentialKeys(databases.backup.provider),
      purpose: `backup-restore-sidecar ${databases.backup.provider} credentials for metal-db, ipam-db and masterdata-db backups`,
    });
    const encryptionSecret = context.secrets.require({
      cluster: 'runtime',
      namespace,
      name: databases.backup.encryptionSecretRef,
      keys: [BACKUP_ENCRYPTION_KEY],
      purpose:
        'AES-256 key (32 ASCII characters) backup-restore-sidecar encrypts metal-db, ipam-db and masterdata-db backups with; keep a copy outside the cluster, a restore needs it',
    });
    const backup: BackupTarget = { ...databases.backup, secretRef: backupSecret, encryptionSecretRef: encryptionSecret };
    const storage = { storageClass: databases.storageClass, size: databases.storageSize };
    const sidecarImage = componentImage(components, 'backup-restore-sidecar');
    // Backups of different landscapes may share a bucket; the prefix keeps them apart.
    const objectPrefix = (db: string) => `${landscape.metadata.name}-${db}`;

    new RethinkDb(chart, METAL_DB, {
      name: METAL_DB,
      namespace,
      image: componentImage(components, 'metal-db'),
      sidecarImage,
      passwordSecret: passwordSecret(context, namespace, METAL_DB, RETHINKDB_PASSWORD_KEY, 'RethinkDB admin password of metal-db (metal-api)'),
      backup,
      objectPrefix: objectPrefix(METAL_DB),
      storage,
    });
    for (const [name, reader] of [
      [IPAM_DB, 'ipam'],
      [MASTERDATA_DB, 'masterdata-api, tenant-apiserver'],
    ] as const) {
      new PostgresDatabase(chart, name, {
        name,
        namespace,
        image: componentImage(components, name),
        database: POSTGRES_DATABASES[name],
        sidecarImage,
        passwordSecret: passwordSecret(context, namespace, name, POSTGRES_PASSWORD_KEY, `Postgres password of ${name} (${reader})`),
        backup,
        objectPrefix: objectPrefix(name),
        storage,
      });
    }

    new Nsq(chart, 'nsq', {
      namespace,
      image: componentImage(components, 'nsq'),
      broadcastAddress: spec.apiDomain,
      tlsSecret: certificateSecretName(METAL_CERTIFICATES.nsqdServer),
      storageClass: databases.storageClass,
    });

    for (const policy of metalDataNetworkPolicies({
      namespace,
      databases: { metalDb: METAL_DB, ipamDb: IPAM_DB, masterdataDb: MASTERDATA_DB },
      ingress: { namespace: INGRESS_NGINX_NAMESPACE, podLabels: ingressNginxControllerPodLabels() },
    })) {
      new ClientNetworkPolicy(chart, `network-policy-${policy.name}`, policy);
    }
    if (databases.evictions === 'block') {
      for (const name of [METAL_DB, IPAM_DB, MASTERDATA_DB, NSQD_SERVICE]) {
        new NoEvictionBudget(chart, `no-eviction-${name}`, { name, namespace, podLabels: { app: name } });
      }
    }
  },
};
