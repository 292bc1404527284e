import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { HelmReleaseSpecValuesFromKind, type HelmReleaseSpecPostRenderers, type HelmReleaseSpecValuesFrom } from '../imports/helm.toolkit.fluxcd.io.js';
import { FluxHelmRelease } from './helm-release.js';
import type { MasterdataValues, TenancyValues } from './metal-masterdata.js';

/** Service ports of the chart's components (`ports:` in the chart values). */
export const METAL_API_SERVICE = 'metal-api';
export const METAL_API_GRPC_PORT = 50051;
export const METAL_CONSOLE_SERVICE = 'metal-console';
export const METAL_CONSOLE_SERVICE_PORT = 10001;
/** Public port of metal-console's SSH server (`ssh -p 5222 <machine-id>@<host>`). */
export const METAL_CONSOLE_PUBLIC_PORT = 5222;
/**
 * Path prefix metal-api serves under (`METAL_API_BASE_PATH`, the ingress path and its health
 * probe `<base>v1/health`), as in metal-roles (`metal_api_base_path`). The chart appends `v1/...`
 * directly, so it must end with `/`. Clients (CloudProfile, credentials, metalctl) use the URL
 * without the trailing slash: `https://<apiDomain>/metal`.
 */
export const METAL_API_BASE_PATH = '/metal/';
/** Secret the chart's Ingress names for its TLS certificate; cert-manager's ingress-shim writes it. */
export const METAL_API_INGRESS_TLS_SECRET = 'control-plane-ingress-tls';

/** The public metal-api URL of a control plane whose ingress serves `apiDomain`. */
export function metalApiUrl(apiDomain: string): string {
  return `https://${apiDomain}${METAL_API_BASE_PATH.replace(/\/$/, '')}`;
}

export interface ImageRef {
  readonly image: string;
  readonly tag: string;
}

/** A Postgres database a component connects to (a Service of the metal-databases layer). */
export interface PostgresBackend {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** A value read from a key of a Secret in the release namespace. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** cert-manager Secrets (`tls.crt`, `tls.key`, `ca.crt`, and `tls-combined.pem` for the nsq client). */
export interface MetalControlPlaneTls {
  readonly metalApiGrpcServer: string;
  readonly masterdataApiServer: string;
  readonly masterdataApiClient: string;
  readonly nsqClient: string;
}

export interface MetalControlPlaneProps {
  readonly namespace: string;
  /** OCI chart reference without `oci://`, e.g. `ghcr.io/metal-stack/helm-charts/metal-control-plane`. */
  readonly chart: string;
  /**
   * OCI tag of the chart: the release vector's helm-charts `tag` (e.g. `v0.8.8`), which is what
   * metal-stack publishes and metal-roles pulls; the chart's own version (`0.8.8`) is not a tag there.
   */
  readonly chartTag: string;
  readonly images: {
    readonly metalApi: ImageRef;
    readonly masterdataApi: ImageRef;
    readonly tenantApiserver: ImageRef;
    readonly ipam: ImageRef;
    readonly metalConsole: ImageRef;
    readonly metalctl: ImageRef;
  };
  /** Public host of the metal-api ingress. */
  readonly apiDomain: string;
  /** cert-manager ClusterIssuer that signs the ingress certificate (ingress-shim annotation). */
  readonly ingressClusterIssuer: string;
  /** metal-stack release the control plane belongs to; metal-api reports it (`metal_api.release_version`). Default: none. */
  readonly releaseVersion?: string;
  readonly masterdata: MasterdataValues;
  /** In-cluster addresses of the databases and nsq (rendered by the metal-databases layer). */
  readonly backends: {
    readonly metalDb: string;
    readonly ipamDb: PostgresBackend;
    readonly masterdataDb: PostgresBackend;
    /** tenant-apiserver's database; metal-roles puts it on masterdata-db, database `masterdata`. */
    readonly tenantDb: PostgresBackend;
    readonly nsqd: { readonly tcp: string; readonly http: string };
    readonly nsqLookupd: string;
  };
  readonly credentials: {
    readonly hmacView: SecretKeyRef;
    readonly hmacEdit: SecretKeyRef;
    readonly hmacAdmin: SecretKeyRef;
    readonly masterdataHmac: SecretKeyRef;
    readonly metalDbPassword: SecretKeyRef;
    readonly ipamDbPassword: SecretKeyRef;
    readonly masterdataDbPassword: SecretKeyRef;
    readonly tenantDbPassword: SecretKeyRef;
    /** Secret `bmc-proxy-certs` the platform provides: metal-console's SSH host key and its client certificate for the partitions' bmc-proxy. */
    readonly bmcProxyCerts: string;
  };
  readonly tls: MetalControlPlaneTls;
  /** The provider tenant (metal-api's and masterdata-api's `provider_tenant`) and the tenants and projects masterdata-api starts with. */
  readonly tenancy: TenancyValues;
}

/** Secrets the chart renders from inline values; they are replaced by cert-manager or platform Secrets. */
export const CHART_SECRETS_REPLACED = ['bmc-proxy-certs', 'masterdata-api-tls', 'metal-api-grpc'] as const;

/**
 * Plain string values the chart reads, injected by Flux from Secrets at reconcile time so no value
 * appears in dist/ (`valuesFrom` with `targetPath`).
 */
export function credentialValuesFrom(credentials: MetalControlPlaneProps['credentials']): HelmReleaseSpecValuesFrom[] {
  const entries: [SecretKeyRef, string][] = [
    [credentials.hmacView, 'metal_api.view_key'],
    [credentials.hmacEdit, 'metal_api.edit_key'],
    [credentials.hmacAdmin, 'metal_api.admin_key'],
    [credentials.masterdataHmac, 'masterdata_api.hmac'],
    [credentials.metalDbPassword, 'metal_api.db_password'],
    [credentials.ipamDbPassword, 'ipam.db_password'],
    [credentials.masterdataDbPassword, 'masterdata_api.db_password'],
    [credentials.tenantDbPassword, 'tenant_apiserver.db_password'],
  ];
  return entries.map(([ref, targetPath]) => ({ kind: HelmReleaseSpecValuesFromKind.SECRET, name: ref.name, valuesKey: ref.key, targetPath }));
}

/** A projected volume that presents a cert-manager Secret under the file names a component expects. */
function projected(secretName: string, files: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    secret: null,
    projected: { sources: [{ secret: { name: secretName, items: Object.entries(files).map(([key, path]) => ({ key, path })) } }] },
  };
}

function patch(target: { kind: string; name: string }, body: Record<string, unknown>): { target: { kind: string; name: string }; patch: string } {
  return { target, patch: stringify(body, { lineWidth: 0 }) };
}

/**
 * Kustomize post-renderer: the chart takes certificates as base64 values and renders its own
 * Secrets from them. Instead, its Secrets are dropped and the volumes are re-pointed at the
 * cert-manager Secrets with the file names the binaries read (from the chart's templates:
 * metal-api `/certs/grpc/{ca,server,server_key}.pem`, `/certs/masterdata-api/{ca,client,client-key}.pem`,
 * `/certs/nsq/{ca,client}.pem`; masterdata-api `/certs/{ca,server,server-key}.pem`).
 */
export function certificatePostRenderers(tls: MetalControlPlaneTls, nsqVolume: string): HelmReleaseSpecPostRenderers[] {
  const grpc = projected(tls.metalApiGrpcServer, { 'ca.crt': 'ca.pem', 'tls.crt': 'server.pem', 'tls.key': 'server_key.pem' });
  const masterdataClient = projected(tls.masterdataApiClient, { 'ca.crt': 'ca.pem', 'tls.crt': 'client.pem', 'tls.key': 'client-key.pem' });
  const masterdataServer = projected(tls.masterdataApiServer, { 'ca.crt': 'ca.pem', 'tls.crt': 'server.pem', 'tls.key': 'server-key.pem' });
  const nsq = projected(tls.nsqClient, { 'ca.crt': 'ca.pem', 'tls-combined.pem': 'client.pem' });
  const podVolumes = (volumes: Record<string, unknown>[]) => ({ template: { spec: { volumes } } });
  const patches = [
    ...CHART_SECRETS_REPLACED.map((name) => patch({ kind: 'Secret', name }, { $patch: 'delete', apiVersion: 'v1', kind: 'Secret', metadata: { name } })),
    patch(
      { kind: 'Deployment', name: 'metal-api' },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'metal-api' },
        spec: podVolumes([
          { name: 'grpc', ...grpc },
          { name: 'masterdata-api-tls', ...masterdataClient },
          { name: nsqVolume, ...nsq },
        ]),
      },
    ),
    patch(
      { kind: 'CronJob', name: 'metal-api-resurrection' },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'metal-api-resurrection' },
        spec: { jobTemplate: { spec: podVolumes([{ name: nsqVolume, ...nsq }]) } },
      },
    ),
    patch(
      { kind: 'Deployment', name: 'masterdata-api' },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'masterdata-api' }, spec: podVolumes([{ name: 'certs', ...masterdataServer }]) },
    ),
  ];
  return [{ kustomize: { patches } }];
}

const image = (ref: ImageRef) => ({ image: ref.image, tag: ref.tag, imagePullPolicy: 'IfNotPresent' });

/** The chart values without credentials (those come through `credentialValuesFrom`). */
export function metalControlPlaneValues(props: MetalControlPlaneProps): Record<string, unknown> {
  const { backends, masterdata } = props;
  return {
    zap_encoding: 'json',
    zap_level: 'info',
    images: {
      metal_api: image(props.images.metalApi),
      masterdata_api: image(props.images.masterdataApi),
      tenant_apiserver: image(props.images.tenantApiserver),
      ipam: image(props.images.ipam),
      metal_console: image(props.images.metalConsole),
      metalctl: image(props.images.metalctl),
    },
    metal_api: {
      base_path: METAL_API_BASE_PATH,
      // What metal-roles sets: the release metal-api reports, and the metalctl it pins as minimum.
      ...(props.releaseVersion ? { release_version: props.releaseVersion } : {}),
      minimum_client_version: props.images.metalctl.tag,
      db_address: backends.metalDb,
      ipam_grpc_server_endpoint: 'http://ipam:9090',
      nsq: {
        lookupd_address: backends.nsqLookupd,
        tcp_address: backends.nsqd.tcp,
        http_address: backends.nsqd.http,
        // The volume is named after the Secret; the post-renderer re-points it at the cert-manager Secret.
        tls: { enabled: true, secret_name: props.tls.nsqClient },
      },
      grpc: { tls: { enabled: true } },
      partitions: masterdata.partitions,
      images: masterdata.images,
      sizes: masterdata.sizes,
      networks: masterdata.networks,
      filesystemlayouts: masterdata.filesystemlayouts,
    },
    ipam: { db_host: backends.ipamDb.host, db_port: backends.ipamDb.port, db_name: backends.ipamDb.database, db_user: backends.ipamDb.user },
    masterdata_api: {
      provider_tenant: props.tenancy.providerTenant,
      tenants: props.tenancy.tenants,
      projects: props.tenancy.projects,
      db_address: backends.masterdataDb.host,
      db_port: backends.masterdataDb.port,
      db_name: backends.masterdataDb.database,
      db_user: backends.masterdataDb.user,
    },
    // The chart deploys tenant-apiserver unconditionally; without a database it cannot start.
    tenant_apiserver: {
      db_address: backends.tenantDb.host,
      db_port: backends.tenantDb.port,
      db_name: backends.tenantDb.database,
      db_user: backends.tenantDb.user,
    },
    // metal-apiserver (API v2) needs valkey, OIDC and its own tokens, none of which this bundle
    // deploys yet; the chart enables it by default with image tag latest, so switch it off.
    metal_apiserver: { enabled: false },
    // metal-console serves `metalctl machine console` over SSH; ingress-nginx exposes it on 5222.
    metal_console: { enabled: true },
    deploy_ingress: true,
    ingress_public_dns: props.apiDomain,
    // TLS on the metal-api ingress; cert-manager's ingress-shim issues control-plane-ingress-tls.
    ingress: { tls: { enabled: true }, annotations: { 'cert-manager.io/cluster-issuer': props.ingressClusterIssuer } },
  };
}

/**
 * The `metal-control-plane` Helm release (metal-api, masterdata-api, ipam, metal-console). Its
 * hooks run `metalctl <kind> apply` on the masterdata in the values after every install/upgrade.
 */
export class MetalControlPlane extends Construct {
  readonly helmRelease: FluxHelmRelease;

  constructor(scope: Construct, id: string, props: MetalControlPlaneProps) {
    super(scope, id);
    if (props.chart.startsWith('oci://')) throw new Error(`MetalControlPlane: chart ${JSON.stringify(props.chart)} must be given without oci://`);
    this.helmRelease = new FluxHelmRelease(this, 'release', {
      name: 'metal-control-plane',
      namespace: props.namespace,
      source: { oci: `oci://${props.chart}`, version: props.chartTag },
      values: metalControlPlaneValues(props),
      interval: '10m',
      valuesFrom: credentialValuesFrom(props.credentials),
      postRenderers: certificatePostRenderers(props.tls, props.tls.nsqClient),
      // The masterdata hooks wait for metal-api; the default 5 minutes are too short on first install.
      timeout: '15m',
    });
  }
}
