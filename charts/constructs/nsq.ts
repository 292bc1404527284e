import { Construct } from 'constructs';
import { IntOrString, KubeDeployment, KubeService, KubeStatefulSet, Quantity, type ServicePort } from '../imports/k8s.js';
import { nonRootContainer, nonRootPodSecurityContext, resources } from './pod-security.js';

export const NSQD_TCP_PORT = 4150;
export const NSQD_HTTP_PORT = 4151;
export const NSQLOOKUPD_TCP_PORT = 4160;
export const NSQLOOKUPD_HTTP_PORT = 4161;
export const NSQD_SERVICE = 'nsqd';
export const NSQLOOKUPD_SERVICE = 'nsq-lookupd';

export interface NsqProps {
  readonly namespace: string;
  /** `repository:tag` of the nsq image (nsqd and nsqlookupd are in one image). */
  readonly image: string;
  /**
   * Address nsqd announces to nsqlookupd: consumers outside the cluster (metal-core in the
   * partitions) connect to it, so it is the public name of the ingress exposing TCP 4150.
   */
  readonly broadcastAddress: string;
  /**
   * Secret (cert-manager format: `tls.crt`, `tls.key`, `ca.crt`) with nsqd's server certificate.
   * TCP clients must then present a certificate signed by the same CA; the HTTP port stays plain
   * for in-cluster publishers (as metal-roles runs it). Default: no TLS.
   */
  readonly tlsSecret?: string;
  readonly storageClass: string;
  /** Size of nsqd's message spool. Default: `1Gi`. */
  readonly storageSize?: string;
}

function ports(entries: Readonly<Record<string, number>>): ServicePort[] {
  return Object.entries(entries).map(([name, port]) => ({ name, port, targetPort: IntOrString.fromNumber(port) }));
}

/** Arguments of nsqd; pure so the TLS policy is testable. */
export function nsqdArgs(props: Pick<NsqProps, 'broadcastAddress' | 'tlsSecret'>): string[] {
  const args = [
    '/nsqd',
    `-lookupd-tcp-address=${NSQLOOKUPD_SERVICE}:${NSQLOOKUPD_TCP_PORT}`,
    `-broadcast-address=${props.broadcastAddress}`,
    '-data-path=/data',
  ];
  if (props.tlsSecret) {
    args.push(
      '-tls-required=tcp-https',
      '-tls-client-auth-policy=require-verify',
      '-tls-root-ca-file=/certs/ca.crt',
      '-tls-cert=/certs/tls.crt',
      '-tls-key=/certs/tls.key',
    );
  }
  return args;
}

/** nsq, the message bus between metal-api and the partitions' metal-core: one nsqd and one nsqlookupd. */
export class Nsq extends Construct {
  constructor(scope: Construct, id: string, props: NsqProps) {
    super(scope, id);
    const namespace = props.namespace;
    const nsqdLabels = { app: NSQD_SERVICE };
    const lookupdLabels = { app: NSQLOOKUPD_SERVICE };

    new KubeService(this, 'nsqd-service', {
      metadata: { name: NSQD_SERVICE, namespace, labels: nsqdLabels },
      spec: { selector: nsqdLabels, ports: ports({ tcp: NSQD_TCP_PORT, http: NSQD_HTTP_PORT }) },
    });
    new KubeStatefulSet(this, 'nsqd', {
      metadata: { name: NSQD_SERVICE, namespace, labels: nsqdLabels },
      spec: {
        serviceName: NSQD_SERVICE,
        replicas: 1,
        selector: { matchLabels: nsqdLabels },
        template: {
          metadata: { labels: nsqdLabels },
          spec: {
            securityContext: nonRootPodSecurityContext(),
            enableServiceLinks: false,
            containers: [
              nonRootContainer({
                name: 'nsqd',
                image: props.image,
                args: nsqdArgs(props),
                ports: [
                  { name: 'tcp', containerPort: NSQD_TCP_PORT },
                  { name: 'http', containerPort: NSQD_HTTP_PORT },
                ],
                readinessProbe: { httpGet: { path: '/ping', port: IntOrString.fromNumber(NSQD_HTTP_PORT) }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/ping', port: IntOrString.fromNumber(NSQD_HTTP_PORT) }, periodSeconds: 20, failureThreshold: 6 },
                resources: resources('50m', '32Mi', '256Mi'),
                volumeMounts: [{ name: 'data', mountPath: '/data' }, ...(props.tlsSecret ? [{ name: 'certs', mountPath: '/certs', readOnly: true }] : [])],
              }),
            ],
            volumes: props.tlsSecret ? [{ name: 'certs', secret: { secretName: props.tlsSecret } }] : [],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClass,
              resources: { requests: { storage: Quantity.fromString(props.storageSize ?? '1Gi') } },
            },
          },
        ],
      },
    });

    new KubeService(this, 'lookupd-service', {
      metadata: { name: NSQLOOKUPD_SERVICE, namespace, labels: lookupdLabels },
      spec: { selector: lookupdLabels, ports: ports({ tcp: NSQLOOKUPD_TCP_PORT, http: NSQLOOKUPD_HTTP_PORT }) },
    });
    new KubeDeployment(this, 'lookupd', {
      metadata: { name: NSQLOOKUPD_SERVICE, namespace, labels: lookupdLabels },
      spec: {
        replicas: 1,
        // nsqlookupd keeps its registry in memory; two would disagree.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: lookupdLabels },
        template: {
          metadata: { labels: lookupdLabels },
          spec: {
            securityContext: nonRootPodSecurityContext(),
            enableServiceLinks: false,
            containers: [
              nonRootContainer({
                name: 'nsqlookupd',
                image: props.image,
                args: ['/nsqlookupd', `-broadcast-address=${NSQLOOKUPD_SERVICE}`],
                ports: [
                  { name: 'tcp', containerPort: NSQLOOKUPD_TCP_PORT },
                  { name: 'http', containerPort: NSQLOOKUPD_HTTP_PORT },
                ],
                readinessProbe: { httpGet: { path: '/ping', port: IntOrString.fromNumber(NSQLOOKUPD_HTTP_PORT) }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/ping', port: IntOrString.fromNumber(NSQLOOKUPD_HTTP_PORT) }, periodSeconds: 20, failureThreshold: 6 },
                resources: resources('20m', '16Mi', '128Mi'),
              }),
            ],
          },
        },
      },
    });
  }
}
