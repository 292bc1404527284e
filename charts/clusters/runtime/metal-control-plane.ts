import { needs, type Layer } from '../layer.js';
import type { Component } from '../../landscape/release-vector.js';
import { certificateSecretName } from '../../constructs/metal-pki.js';
import { masterdataValues, tenancyValues } from '../../constructs/metal-masterdata.js';
import { gardenMetalProject, providerTenant } from '../../constructs/metal-tenancy.js';
import { INGRESS_CLASS } from '../../constructs/ingress-nginx.js';
import { MetalControlPlane, type ImageRef, type PostgresBackend } from '../../constructs/metal-control-plane.js';
import { PublicClusterIssuer } from '../../constructs/public-cluster-issuer.js';
import { NSQD_HTTP_PORT, NSQD_SERVICE, NSQD_TCP_PORT, NSQLOOKUPD_HTTP_PORT, NSQLOOKUPD_SERVICE } from '../../constructs/nsq.js';
import { POSTGRES_PASSWORD_KEY, POSTGRES_PORT } from '../../constructs/postgres-database.js';
import { RETHINKDB_DRIVER_PORT, RETHINKDB_PASSWORD_KEY } from '../../constructs/rethinkdb.js';
import { IPAM_DB, MASTERDATA_DB, METAL_CERTIFICATES, METAL_DB, POSTGRES_DATABASES } from './metal-databases.js';
import { CERT_MANAGER_NAMESPACE } from './prerequisites.js';
import { DEFAULT_RELEASE } from '../../landscape/schema/versions.js';

/** Secrets of metal-api's and masterdata-api's HMAC keys (technical API access). */
export const METAL_API_HMAC_SECRET = 'metal-api-hmac';
export const MASTERDATA_API_HMAC_SECRET = 'masterdata-api-hmac';
export const BMC_PROXY_CERTS_SECRET = 'bmc-proxy-certs';

function imageRef(components: Readonly<Record<string, Component>>, name: string): ImageRef {
  const component = components[name];
  if (!component?.image || !component.tag) throw new Error(`release vector: component ${JSON.stringify(name)} has no image and tag`);
  return { image: component.image, tag: component.tag };
}

/** A Postgres of the metal-databases layer: its Service, the port, its database and the superuser. */
function postgres(service: typeof IPAM_DB | typeof MASTERDATA_DB): PostgresBackend {
  return { host: service, port: POSTGRES_PORT, database: POSTGRES_DATABASES[service], user: 'postgres' };
}

export const metalControlPlaneLayer: Layer = {
  cluster: 'runtime',
  name: 'metal-control-plane',
  description: 'The metal-control-plane Helm release with the masterdata (partitions, images, sizes, networks); the ClusterIssuer of its ingress',
  dependsOn: [
    needs(
      'runtime/metal-databases',
      "metal-api, ipam and masterdata-api connect to their databases and nsq at start, the chart's hooks load masterdata into them, and their TLS Secrets come from the metal PKI",
    ),
  ],
  render: (chart, context) => {
    const { landscape, components, secrets } = context;
    const spec = landscape.spec.metalControlPlane;
    if (!spec.enabled) return;
    const namespace = spec.namespace;
    const chartComponent = components['metal-control-plane'];
    if (!chartComponent?.chart || !chartComponent.chartTag) throw new Error('release vector: component "metal-control-plane" has no chart and tag');

    // The ClusterIssuer of the metal-api ingress. Not in the prerequisites layer: its CRD comes with
    // the cert-manager release of that layer, so it can only be applied after that layer is Ready.
    const issuerSpec = landscape.spec.prerequisites.certManager.clusterIssuer;
    const issuer = new PublicClusterIssuer(chart, 'cluster-issuer', {
      name: issuerSpec.name,
      ingressClassName: INGRESS_CLASS,
      issuer:
        issuerSpec.type === 'acme'
          ? { type: 'acme', server: issuerSpec.server, ...(issuerSpec.email ? { email: issuerSpec.email } : {}) }
          : {
              type: 'ca',
              secretName: secrets.require({
                cluster: 'runtime',
                namespace: CERT_MANAGER_NAMESPACE,
                name: issuerSpec.secretRef,
                keys: ['tls.crt', 'tls.key'],
                purpose: `CA key pair of ClusterIssuer ${issuerSpec.name}, which signs the metal-api ingress certificate`,
              }),
            },
    });

    const hmac = secrets.require({
      cluster: 'runtime',
      namespace,
      name: METAL_API_HMAC_SECRET,
      keys: ['admin', 'edit', 'view'],
      purpose: 'metal-api HMAC keys for technical access (view, edit, admin); metalctl and the Gardener metal extensions use them',
    });
    const masterdataHmac = secrets.require({
      cluster: 'runtime',
      namespace,
      name: MASTERDATA_API_HMAC_SECRET,
      keys: ['hmac'],
      purpose: 'masterdata-api HMAC key (metal-api → masterdata-api)',
    });
    const bmcProxyCerts = secrets.require({
      cluster: 'runtime',
      namespace,
      name: BMC_PROXY_CERTS_SECRET,
      keys: ['ca.pem', 'client-key.pem', 'client.pem', 'server-key.pem', 'server-key.pub'],
      purpose: "metal-console: SSH host key (server-key.*) and client certificate for the partitions' bmc-proxy",
    });
    // The database password Secrets are registered by the metal-databases layer; registering again merges.
    const dbPassword = (name: string, key: string, purpose: string) => ({
      name: secrets.require({ cluster: 'runtime', namespace, name, keys: [key], purpose }),
      key,
    });

    new MetalControlPlane(chart, 'metal-control-plane', {
      namespace,
      chart: chartComponent.chart,
      chartTag: chartComponent.chartTag,
      images: {
        metalApi: imageRef(components, 'metal-api'),
        masterdataApi: imageRef(components, 'masterdata-api'),
        tenantApiserver: imageRef(components, 'tenant-apiserver'),
        ipam: imageRef(components, 'ipam'),
        metalConsole: imageRef(components, 'metal-console'),
        metalctl: imageRef(components, 'metalctl'),
      },
      apiDomain: spec.apiDomain,
      ingressClusterIssuer: issuer.issuer.name,
      // A landscape that reads a release-vector file names no release; metal-api then reports none.
      releaseVersion: landscape.spec.versions.release ?? (landscape.spec.versions.releaseVector ? undefined : DEFAULT_RELEASE),
      masterdata: masterdataValues(spec),
      tenancy: tenancyValues(providerTenant(landscape), [gardenMetalProject(landscape)]),
      backends: {
        metalDb: `${METAL_DB}:${RETHINKDB_DRIVER_PORT}`,
        ipamDb: postgres(IPAM_DB),
        masterdataDb: postgres(MASTERDATA_DB),
        tenantDb: postgres(MASTERDATA_DB),
        nsqd: { tcp: `${NSQD_SERVICE}:${NSQD_TCP_PORT}`, http: `${NSQD_SERVICE}:${NSQD_HTTP_PORT}` },
        nsqLookupd: `${NSQLOOKUPD_SERVICE}:${NSQLOOKUPD_HTTP_PORT}`,
      },
      credentials: {
        hmacView: { name: hmac, key: 'view' },
        hmacEdit: { name: hmac, key: 'edit' },
        hmacAdmin: { name: hmac, key: 'admin' },
        masterdataHmac: { name: masterdataHmac, key: 'hmac' },
        metalDbPassword: dbPassword(METAL_DB, RETHINKDB_PASSWORD_KEY, 'RethinkDB admin password of metal-db (metal-api)'),
        ipamDbPassword: dbPassword(IPAM_DB, POSTGRES_PASSWORD_KEY, 'Postgres password of ipam-db (ipam)'),
        masterdataDbPassword: dbPassword(MASTERDATA_DB, POSTGRES_PASSWORD_KEY, 'Postgres password of masterdata-db (masterdata-api, tenant-apiserver)'),
        tenantDbPassword: dbPassword(MASTERDATA_DB, POSTGRES_PASSWORD_KEY, 'Postgres password of masterdata-db (masterdata-api, tenant-apiserver)'),
        bmcProxyCerts,
      },
      tls: {
        metalApiGrpcServer: certificateSecretName(METAL_CERTIFICATES.metalApiGrpcServer),
        masterdataApiServer: certificateSecretName(METAL_CERTIFICATES.masterdataApiServer),
        masterdataApiClient: certificateSecretName(METAL_CERTIFICATES.masterdataApiClient),
        nsqClient: certificateSecretName(METAL_CERTIFICATES.nsqClient),
      },
    });
  },
};
