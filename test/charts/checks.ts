// Generic checks of rendered chart output: they walk pod specs and Services, never a list of
// expectations per chart. Each returns problems as sentences naming the workload, the field and
// the bad value; an empty list means the check passed.
import type { KubeObject } from '../envtest/kube-rest.js';
import { containersOf, podSpecOf, workloadsOf, type Workload } from './pod-specs.js';

// ---------------------------------------------------------------------------------------------
// Images

/**
 * Every image must be one the release vector pins, by exact `image:tag`; floating tags never pass.
 * Without `pinned` (charts the vector does not cover, e.g. cert-manager) only tags are checked.
 */
export function checkImages(objects: readonly KubeObject[], pinned?: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    for (const container of containersOf(workload.podSpec)) {
      const image = container.image ?? '';
      const where = `${workload.ref} container ${container.name}: image ${JSON.stringify(image)}`;
      const withoutDigest = image.split('@')[0]!;
      const tag = /:([^/:]+)$/.exec(withoutDigest)?.[1];
      if (!tag) problems.push(`${where} has no tag`);
      else if (['latest', 'main', 'master'].includes(tag)) problems.push(`${where} uses the floating tag ${tag}`);
      else if (pinned && !pinned.has(withoutDigest)) problems.push(`${where} is not pinned by the release vector`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Referenced objects

/** Where a referenced object may come from, and the keys it holds (undefined: keys not known). */
export interface ObjectIndex {
  /** `Kind namespace/name` → keys of a Secret or ConfigMap, or `null` when the object exists but its keys are not knowable. */
  readonly objects: ReadonlyMap<string, readonly string[] | null>;
}

const key = (kind: string, namespace: string, name: string): string => `${kind} ${namespace}/${name}`;

function dataKeys(object: KubeObject): string[] {
  return [...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {}), ...Object.keys(object.binaryData ?? {})];
}

/**
 * Builds the index from the objects a cluster will hold: rendered and dist/ objects, the required
 * Secrets, the Secrets cert-manager writes for dist/'s Certificates (`tls.crt`, `tls.key`,
 * `ca.crt`, plus `tls-combined.pem`/`key.der` for the additional output formats), the PVCs a
 * StatefulSet's volumeClaimTemplates create, and what every namespace has: ServiceAccount `default`
 * and ConfigMap `kube-root-ca.crt`.
 */
export function objectIndex(objects: readonly KubeObject[], requiredSecrets: ReadonlyMap<string, readonly string[]>): ObjectIndex {
  const index = new Map<string, readonly string[] | null>();
  const namespaces = new Set<string>();
  for (const object of objects) {
    const namespace = object.metadata.namespace;
    if (!namespace) continue;
    namespaces.add(namespace);
    if (object.kind === 'Secret' || object.kind === 'ConfigMap') index.set(key(object.kind, namespace, object.metadata.name), dataKeys(object));
    else index.set(key(object.kind, namespace, object.metadata.name), null);
    if (object.kind === 'Certificate' && String(object.apiVersion).startsWith('cert-manager.io/')) {
      const spec = object.spec as { secretName: string; additionalOutputFormats?: { type: string }[] };
      const extra = (spec.additionalOutputFormats ?? []).map((f) => (f.type === 'CombinedPEM' ? 'tls-combined.pem' : 'key.der'));
      index.set(key('Secret', namespace, spec.secretName), ['tls.crt', 'tls.key', 'ca.crt', ...extra]);
    }
    if (object.kind === 'StatefulSet') {
      const templates = (object.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] }).volumeClaimTemplates ?? [];
      const replicas = (object.spec as { replicas?: number }).replicas ?? 1;
      for (const t of templates)
        for (let i = 0; i < replicas; i++) index.set(key('PersistentVolumeClaim', namespace, `${t.metadata.name}-${object.metadata.name}-${i}`), null);
    }
  }
  // Secrets a Helm hook Job creates before the workloads start: kube-webhook-certgen's
  // `create --secret-name=<name>` (ingress-nginx's admission webhook certificate).
  for (const object of objects) {
    const hook = (object.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'];
    const podSpec = object.kind === 'Job' && hook ? podSpecOf(object) : undefined;
    for (const container of podSpec ? containersOf(podSpec) : []) {
      const args = [...(container.command ?? []), ...(container.args ?? [])];
      if (!args.includes('create')) continue;
      for (const arg of args) {
        const name = /^--secret-name=(.+)$/.exec(arg)?.[1];
        if (name && object.metadata.namespace) index.set(key('Secret', object.metadata.namespace, name), null);
      }
    }
  }
  for (const [ref, keys] of requiredSecrets) {
    const [namespace, name] = ref.split('/') as [string, string];
    namespaces.add(namespace);
    index.set(key('Secret', namespace, name), keys);
  }
  for (const namespace of namespaces) {
    index.set(key('ServiceAccount', namespace, 'default'), null);
    index.set(key('ConfigMap', namespace, 'kube-root-ca.crt'), ['ca.crt']);
  }
  return { objects: index };
}

/** Every Secret, ConfigMap, ServiceAccount and PVC a workload references exists, with the keys it reads. */
export function checkReferences(objects: readonly KubeObject[], index: ObjectIndex): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    const namespace = workload.object.metadata.namespace!;
    const need = (kind: string, name: string | undefined, keys: readonly string[], optional: boolean | undefined, field: string): void => {
      if (optional) return;
      if (!name) {
        problems.push(`${workload.ref} ${field}: names no ${kind}`);
        return;
      }
      const ref = key(kind, namespace, name);
      if (!index.objects.has(ref)) {
        problems.push(`${workload.ref} ${field}: ${ref} exists neither in the chart output, nor in dist/, nor in dist/required-secrets.yaml`);
        return;
      }
      const have = index.objects.get(ref);
      if (have)
        for (const k of keys)
          if (!have.includes(k)) problems.push(`${workload.ref} ${field}: ${ref} has no key ${JSON.stringify(k)} (keys: ${have.join(', ')})`);
    };
    const { podSpec } = workload;
    need('ServiceAccount', podSpec.serviceAccountName ?? 'default', [], false, 'serviceAccountName');
    for (const pull of podSpec.imagePullSecrets ?? []) need('Secret', pull.name, [], false, 'imagePullSecrets');
    for (const volume of podSpec.volumes ?? []) {
      const field = `volume ${volume.name}`;
      const items = (list?: { key: string }[]) => (list ?? []).map((i) => i.key);
      if (volume.secret) need('Secret', volume.secret.secretName, items(volume.secret.items), volume.secret.optional, field);
      if (volume.configMap) need('ConfigMap', volume.configMap.name, items(volume.configMap.items), volume.configMap.optional, field);
      if (volume.persistentVolumeClaim) need('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName, [], false, field);
      for (const source of volume.projected?.sources ?? []) {
        if (source.secret) need('Secret', source.secret.name, items(source.secret.items), source.secret.optional, `${field} (projected)`);
        if (source.configMap) need('ConfigMap', source.configMap.name, items(source.configMap.items), source.configMap.optional, `${field} (projected)`);
      }
    }
    for (const container of containersOf(podSpec)) {
      for (const env of container.env ?? []) {
        const field = `container ${container.name} env ${env.name}`;
        const secretRef = env.valueFrom?.secretKeyRef;
        const configMapRef = env.valueFrom?.configMapKeyRef;
        if (secretRef) need('Secret', secretRef.name, secretRef.key ? [secretRef.key] : [], secretRef.optional, field);
        if (configMapRef) need('ConfigMap', configMapRef.name, configMapRef.key ? [configMapRef.key] : [], configMapRef.optional, field);
      }
      for (const from of container.envFrom ?? []) {
        if (from.secretRef) need('Secret', from.secretRef.name, [], from.secretRef.optional, `container ${container.name} envFrom`);
        if (from.configMapRef) need('ConfigMap', from.configMapRef.name, [], from.configMapRef.optional, `container ${container.name} envFrom`);
      }
    }
  }
  return problems;
}

/** ClusterRoles kube-apiserver bootstraps (besides the `system:` ones). */
const BUILT_IN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * Every ServiceAccount a RoleBinding or ClusterRoleBinding grants to exists (a binding to a missing
 * account grants nothing, and the workload meant to use it is denied), and every Role it names does.
 */
export function checkBindings(objects: readonly KubeObject[], index: ObjectIndex): string[] {
  const problems: string[] = [];
  for (const binding of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const ref = `${binding.kind} ${binding.metadata.namespace ? `${binding.metadata.namespace}/` : ''}${binding.metadata.name}`;
    const { subjects = [], roleRef } = binding as unknown as {
      subjects?: { kind: string; name: string; namespace?: string }[];
      roleRef: { kind: string; name: string };
    };
    for (const subject of subjects.filter((s) => s.kind === 'ServiceAccount')) {
      const namespace = subject.namespace ?? binding.metadata.namespace;
      if (!namespace) problems.push(`${ref}: ServiceAccount subject ${subject.name} names no namespace`);
      else if (!index.objects.has(key('ServiceAccount', namespace, subject.name)))
        problems.push(`${ref}: subject ${key('ServiceAccount', namespace, subject.name)} does not exist`);
    }
    const role = roleRef.kind === 'Role' ? key('Role', binding.metadata.namespace ?? '', roleRef.name) : `ClusterRole ${roleRef.name}`;
    const builtIn = roleRef.kind === 'ClusterRole' && (BUILT_IN_CLUSTER_ROLES.has(roleRef.name) || roleRef.name.startsWith('system:'));
    const exists =
      builtIn || (roleRef.kind === 'Role' ? index.objects.has(role) : objects.some((o) => o.kind === 'ClusterRole' && o.metadata.name === roleRef.name));
    if (!exists) problems.push(`${ref}: roleRef ${role} is not in the output`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Network destinations

export interface ServicePort {
  readonly port: number;
  readonly name?: string;
}

/** `namespace/name` → ports of every Service the cluster will have (plus `default/kubernetes`). */
export function serviceIndex(objects: readonly KubeObject[]): Map<string, readonly ServicePort[]> {
  const services = new Map<string, readonly ServicePort[]>([['default/kubernetes', [{ port: 443, name: 'https' }]]]);
  for (const object of objects) {
    if (object.kind !== 'Service' || !object.metadata.namespace) continue;
    services.set(
      `${object.metadata.namespace}/${object.metadata.name}`,
      ((object.spec as { ports?: ServicePort[] }).ports ?? []).map((p) => ({ port: p.port, name: p.name })),
    );
  }
  return services;
}

/** A place a workload is configured to connect to, and where that configuration sits. */
export interface Destination {
  readonly host: string;
  readonly port?: number;
  readonly where: string;
  /** The container and env variable the address was read from (none for command-line arguments). */
  readonly env?: { readonly container: string; readonly name: string };
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, grpc: 443, postgres: 5432, postgresql: 5432, rethinkdb: 28015 };
const HOST = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*';
const HOST_PORT = new RegExp(`^(${HOST}):(\\d{1,5})$`);
const URL_LIKE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i;
/** Env names whose value is a bare host (no port): a `*_HOST`/`*_HOSTNAME` variable. */
const HOST_ENV = /(?:^|_)(?:HOST|HOSTNAME|DBHOST)$/;
/** Env names that hold addresses (host, host:port, URL, or a comma list of them). */
const ADDRESS_ENV = /(?:^|_)(?:HOST|HOSTNAME|DBHOST|ADDR|ADDRESS|ADDRESSES|ENDPOINT|URL|SERVER|SERVERS)$/;

/** Destinations in one configured value: URLs and `host:port` anywhere; a bare host where the name says it is one. */
export function destinationsIn(value: string, where: string, bareHostAllowed: boolean): Destination[] {
  const out: Destination[] = [];
  for (const raw of value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)) {
    if (raw.includes('$(')) continue; // expanded by the kubelet from other variables
    const url = URL_LIKE.exec(raw);
    if (url) {
      const authority = url[2]!.replace(/^.*@/, '');
      const hp = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
      if (hp) out.push({ host: hp[1]!, port: hp[2] ? Number(hp[2]) : DEFAULT_PORTS[url[1]!.toLowerCase()], where });
      continue;
    }
    const hostPort = HOST_PORT.exec(raw);
    if (hostPort) {
      out.push({ host: hostPort[1]!, port: Number(hostPort[2]), where });
      continue;
    }
    if (bareHostAllowed && new RegExp(`^${HOST}$`).test(raw)) out.push({ host: raw, where });
  }
  return out;
}

/**
 * Every destination a workload is configured with: env values (addresses by name, URLs and
 * host:port in any variable) and command-line arguments (`--flag=value` or a separate value).
 * Empty `*_HOST` variables are destinations too: the program would dial nothing.
 */
export function destinationsOf(workload: Workload): Destination[] {
  const out: Destination[] = [];
  for (const container of containersOf(workload.podSpec)) {
    for (const env of container.env ?? []) {
      if (env.valueFrom) continue;
      const where = `${workload.ref} container ${container.name} env ${env.name}`;
      const value = env.value ?? '';
      if (value.trim() === '' && HOST_ENV.test(env.name)) out.push({ host: '', where });
      const from = { container: container.name, name: env.name };
      out.push(...destinationsIn(value, where, ADDRESS_ENV.test(env.name)).map((d) => ({ ...d, env: from })));
    }
    for (const [i, arg] of [...(container.command ?? []), ...(container.args ?? [])].entries()) {
      const value = arg.startsWith('-') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
      out.push(...destinationsIn(value, `${workload.ref} container ${container.name} argument ${i} ${JSON.stringify(arg)}`, false));
    }
  }
  return out;
}

const LOCAL = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::', '[::]', '::1', '[::1]']);

/**
 * Resolves a host as a pod in `namespace` does: `svc`, `svc.ns`, `svc.ns.svc`,
 * `svc.ns.svc.cluster.local`; returns the Service key or undefined.
 */
export function serviceOf(host: string, namespace: string): string | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const suffix = parts.slice(2).join('.');
  if (parts.length === 1) return `${namespace}/${parts[0]}`;
  if (parts.length === 2 || (parts[2] === 'svc' && ['', 'svc', 'svc.cluster.local'].includes(suffix))) return `${parts[1]}/${parts[0]}`;
  return undefined;
}

/**
 * Every destination is a local bind address, a Service that exists (on a port it exposes), or a
 * name in a domain the landscape defines.
 */
export function checkDestinations(objects: readonly KubeObject[], services: ReadonlyMap<string, readonly ServicePort[]>, domains: readonly string[]): string[] {
  const problems: string[] = [];
  for (const workload of workloadsOf(objects)) {
    const namespace = workload.object.metadata.namespace!;
    for (const d of destinationsOf(workload)) {
      if (d.host === '') {
        problems.push(`${d.where}: is empty, so the program has no host to connect to`);
        continue;
      }
      if (LOCAL.has(d.host)) continue;
      const host = d.host.toLowerCase();
      if (domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) continue;
      const service = serviceOf(host, namespace);
      const ports = service ? services.get(service) : undefined;
      if (!ports) {
        problems.push(
          `${d.where}: host ${JSON.stringify(d.host)} is neither a Service in the cluster${service ? ` (no Service ${service})` : ''} nor in a domain of the landscape (${domains.join(', ')})`,
        );
        continue;
      }
      if (d.port !== undefined && !ports.some((p) => p.port === d.port)) {
        problems.push(`${d.where}: Service ${service} has no port ${d.port} (ports: ${ports.map((p) => p.port).join(', ')})`);
      }
    }
  }
  return problems;
}

/** Every domain a landscape defines: the string values of its `*domain`/`*Domain` fields. */
export function landscapeDomains(landscape: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, key: string): void => {
    if (typeof node === 'string' && /domain$/i.test(key)) found.add(node.toLowerCase());
    else if (Array.isArray(node)) node.forEach((n) => walk(n, key));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(landscape, '');
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------------
// Ingresses

interface IngressSpec {
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: { host?: string; http?: { paths: { path?: string; backend: { service?: { name: string; port: { number?: number; name?: string } } } }[] } }[];
}

/**
 * Every Ingress routes to Services that exist on the port it names, and every TLS Secret exists
 * or is issued by cert-manager's ingress-shim from an issuer that exists
 * (`cert-manager.io/cluster-issuer` or `cert-manager.io/issuer`).
 */
export function checkIngresses(
  objects: readonly KubeObject[],
  services: ReadonlyMap<string, readonly ServicePort[]>,
  index: ObjectIndex,
  clusterObjects: readonly KubeObject[],
): string[] {
  const problems: string[] = [];
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const namespace = ingress.metadata.namespace!;
    const ref = `Ingress ${namespace}/${ingress.metadata.name}`;
    const spec = ingress.spec as IngressSpec;
    for (const rule of spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        if (!backend) continue;
        const ports = services.get(`${namespace}/${backend.name}`);
        const where = `${ref} rule ${rule.host ?? '*'}${path.path ?? ''}`;
        if (!ports) problems.push(`${where}: backend Service ${namespace}/${backend.name} does not exist`);
        else if (!ports.some((p) => (backend.port.number !== undefined ? p.port === backend.port.number : p.name === backend.port.name))) {
          problems.push(`${where}: Service ${namespace}/${backend.name} has no port ${backend.port.number ?? backend.port.name}`);
        }
      }
    }
    const annotations = (ingress.metadata.annotations ?? {}) as Record<string, string>;
    const clusterIssuer = annotations['cert-manager.io/cluster-issuer'];
    const issuer = annotations['cert-manager.io/issuer'];
    for (const tls of spec.tls ?? []) {
      const where = `${ref} tls ${JSON.stringify(tls.hosts ?? [])}`;
      if (!tls.secretName) {
        problems.push(`${where}: names no secretName`);
        continue;
      }
      if (clusterIssuer || issuer) {
        const exists = clusterObjects.some((o) =>
          clusterIssuer
            ? o.kind === 'ClusterIssuer' && o.metadata.name === clusterIssuer
            : o.kind === 'Issuer' && o.metadata.name === issuer && o.metadata.namespace === namespace,
        );
        if (!exists)
          problems.push(`${where}: cert-manager ${clusterIssuer ? `ClusterIssuer ${clusterIssuer}` : `Issuer ${namespace}/${issuer}`} does not exist`);
        continue;
      }
      if (!index.objects.has(key('Secret', namespace, tls.secretName)))
        problems.push(`${where}: Secret ${namespace}/${tls.secretName} does not exist and no cert-manager issuer annotation would create it`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Public URLs

/** Kubernetes `Prefix` matching: whole path elements, a trailing slash ignored. */
export function prefixMatches(prefix: string, path: string): boolean {
  const elements = (p: string) => p.split('/').filter(Boolean);
  const want = elements(prefix);
  const have = elements(path);
  return want.every((element, i) => have[i] === element);
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * A URL the landscape hands to clients (CloudProfile endpoint, credentials) reaches a workload
 * that serves it: an Ingress rule for its host whose path prefix covers the URL's path, TLS for
 * the host when the scheme is https, a backend Service that exists and selects pods, and — where
 * those pods declare a `*_BASE_PATH` — a base path equal to the URL's path (clients append
 * their API paths to the URL).
 */
export function checkPublicUrl(url: string, objects: readonly KubeObject[]): string[] {
  const parsed = new URL(url);
  const requestPath = `${parsed.pathname.replace(/\/$/, '')}/`;
  const rules = objects
    .filter((o) => o.kind === 'Ingress')
    .flatMap((ingress) =>
      ((ingress.spec as IngressSpec).rules ?? [])
        .filter((rule) => rule.host === parsed.hostname)
        .flatMap((rule) => (rule.http?.paths ?? []).map((path) => ({ ingress, path }))),
    )
    .filter(({ path }) => prefixMatches(path.path ?? '/', requestPath))
    .sort((a, b) => (b.path.path ?? '/').length - (a.path.path ?? '/').length);
  const best = rules[0];
  if (!best) return [`${url}: no Ingress routes host ${parsed.hostname} path ${requestPath}`];
  const { ingress, path } = best;
  const ref = `${url} (Ingress ${ingress.metadata.namespace}/${ingress.metadata.name} path ${path.path ?? '/'})`;
  const problems: string[] = [];
  const tls = (ingress.spec as IngressSpec).tls ?? [];
  if (parsed.protocol === 'https:' && !tls.some((t) => (t.hosts ?? []).includes(parsed.hostname)))
    problems.push(`${ref}: https, but the Ingress has no TLS for ${parsed.hostname}`);
  const serviceName = path.backend.service?.name;
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.namespace === ingress.metadata.namespace && o.metadata.name === serviceName);
  if (!service) return [...problems, `${ref}: backend Service ${serviceName} does not exist`];
  const selector = (service.spec as { selector?: Record<string, string> }).selector;
  const backends = workloadsOf(objects).filter(
    (w) =>
      w.object.metadata.namespace === service.metadata.namespace &&
      !(w.object.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'] &&
      selects(selector, (w.object.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template?.metadata?.labels),
  );
  if (backends.length === 0) return [...problems, `${ref}: Service ${serviceName} selects no workload`];
  for (const backend of backends) {
    for (const container of containersOf(backend.podSpec)) {
      for (const env of container.env ?? []) {
        if (!/(?:^|_)BASE_PATH$/.test(env.name) || env.value === undefined) continue;
        // Clients append their API paths (`v1/...`) to the URL; the server expects them right after its base path.
        if ((env.value.endsWith('/') ? env.value : `${env.value}/`) !== requestPath) {
          problems.push(`${ref}: ${backend.ref} container ${container.name} serves under ${env.name}=${JSON.stringify(env.value)}, not under ${requestPath}`);
        }
      }
    }
  }
  return problems;
}
