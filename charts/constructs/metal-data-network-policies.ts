import { RETHINKDB_DRIVER_PORT } from './rethinkdb.js';
import { POSTGRES_PORT } from './postgres-database.js';
import { NSQD_HTTP_PORT, NSQD_SERVICE, NSQD_TCP_PORT, NSQLOOKUPD_HTTP_PORT, NSQLOOKUPD_SERVICE, NSQLOOKUPD_TCP_PORT } from './nsq.js';
import { SIDECAR_METRICS_PORT } from './stateful-database.js';
import type { ClientNetworkPolicyProps, ClientPeer } from './client-network-policy.js';

export interface MetalDataNetworkPoliciesInput {
  readonly namespace: string;
  readonly databases: { readonly metalDb: string; readonly ipamDb: string; readonly masterdataDb: string };
  /** The ingress controller that forwards the public nsqd port to the partitions' metal-core. */
  readonly ingress: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
}

const sameNamespace: ClientPeer = { kind: 'namespace' };
/** Metrics carry no data; whatever Prometheus a platform team runs, in whichever namespace, may scrape them. */
const metrics = { port: SIDECAR_METRICS_PORT, from: [{ kind: 'anywhere' } as const] };

/**
 * Who may reach metal-stack's data in the runtime cluster: each database and nsq admits its clients
 * in the metal-control-plane chart (0.8.8) and nothing else.
 *
 * Where the chart labels a client's pods, the policy names those labels; where it does not (the
 * metal-api CronJobs `metal-api-liveliness`, `-machines-vpn-connected` and `-resurrection` create pods
 * with no fixed label), the policy admits the pods of the metal-control-plane namespace, so that no
 * other namespace reaches them. `test/integration/rendered-charts.test.ts` follows every configured
 * address of the rendered chart and checks each client is admitted.
 */
export function metalDataNetworkPolicies(input: MetalDataNetworkPoliciesInput): ClientNetworkPolicyProps[] {
  const { namespace, databases, ingress } = input;
  const policy = (name: string, ports: ClientNetworkPolicyProps['ports']): ClientNetworkPolicyProps => ({
    name: `${name}-clients`,
    namespace,
    podLabels: { app: name },
    ports,
  });
  return [
    // metal-api, metal-apiserver, the metal-api initdb/migrate Jobs and the metal-api CronJobs.
    policy(databases.metalDb, [{ port: RETHINKDB_DRIVER_PORT, from: [sameNamespace] }, metrics]),
    // go-ipam (`GOIPAM_PG_HOST`).
    policy(databases.ipamDb, [{ port: POSTGRES_PORT, from: [{ kind: 'pods', labels: { app: 'ipam' } }] }, metrics]),
    // masterdata-api and tenant-apiserver (`TENANT_APISERVER_PG_HOST`).
    policy(databases.masterdataDb, [
      { port: POSTGRES_PORT, from: [{ kind: 'podsWithLabelIn', key: 'app', values: ['masterdata-api', 'tenant-apiserver'] }] },
      metrics,
    ]),
    // TCP (TLS with verified client certificates) from metal-api and the resurrection CronJob, and
    // from the partitions through the ingress controller. HTTP stays plain because metal-api creates
    // topics over `http://` (metal-lib v0.25.2 bus/eventbus.go, `CreateTopic`), so it is open to the
    // namespace only and never exposed.
    policy(NSQD_SERVICE, [
      { port: NSQD_TCP_PORT, from: [sameNamespace, { kind: 'podsInNamespace', namespace: ingress.namespace, labels: ingress.podLabels }] },
      { port: NSQD_HTTP_PORT, from: [sameNamespace] },
    ]),
    // nsqd registers over TCP; metal-api and the resurrection CronJob look topics up over HTTP.
    policy(NSQLOOKUPD_SERVICE, [
      { port: NSQLOOKUPD_TCP_PORT, from: [{ kind: 'pods', labels: { app: NSQD_SERVICE } }] },
      { port: NSQLOOKUPD_HTTP_PORT, from: [sameNamespace] },
    ]),
  ];
}
