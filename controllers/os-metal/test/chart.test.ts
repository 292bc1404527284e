// os-metal's deployment as the constructs render it, and the chart written from them (without helm;
// chart.int.test.ts renders the chart with the real helm).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ControllerDeployment } from '../chart/deployment.js';
import { ControllerVerticalAutoscaler } from '../chart/vertical-autoscaler.js';
import { goJson } from '../chart/go-json.js';
import { HelmTemplate } from '../chart/helm-template.js';
import { chartTemplates, checkChartValues, defaultValues, objectsFor, writeChart, type ChartValues, type ManifestObject } from '../chart/index.js';
import { chartValuesProblems, configurationText } from '../chart/values.js';
import { controllerArtifactsOf, readArtifacts } from '../../artifacts.js';
import { parseControllerConfiguration } from '../config.js';

const artifacts = controllerArtifactsOf(readArtifacts(), 'os-metal');
const NAMESPACE = 'extension-os-metal-3f2a1';
const values: ChartValues = defaultValues(artifacts);
const objects = objectsFor(values, NAMESPACE);

function the(kind: string): ManifestObject {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
}

interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: {
    serviceAccountName: string;
    securityContext: Record<string, unknown>;
    containers: {
      image: string;
      args: string[];
      env: { name: string; value?: string; valueFrom?: unknown }[];
      ports: { name: string; containerPort: number }[];
      livenessProbe: { httpGet: { path: string; port: string } };
      readinessProbe: { httpGet: { path: string; port: string } };
      securityContext: Record<string, unknown>;
      resources: unknown;
      volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
    }[];
    volumes: { name: string; configMap?: { name: string } }[];
  };
}
const deployment = the('Deployment') as ManifestObject & {
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: PodTemplate };
};
const pod = deployment.spec.template;
const container = pod.spec.containers[0]!;

describe('os-metal constructs', () => {
  it('render exactly the objects os-metal needs in a seed, namespaced ones in the installation namespace', () => {
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole -/gardener-extension-os-metal',
      'ClusterRoleBinding -/gardener-extension-os-metal',
      `ConfigMap ${NAMESPACE}/gardener-extension-os-metal-config`,
      `Deployment ${NAMESPACE}/gardener-extension-os-metal`,
      `PodDisruptionBudget ${NAMESPACE}/gardener-extension-os-metal`,
      `Role ${NAMESPACE}/gardener-extension-os-metal-leader-election`,
      `RoleBinding ${NAMESPACE}/gardener-extension-os-metal-leader-election`,
      `Service ${NAMESPACE}/gardener-extension-os-metal`,
      `ServiceAccount ${NAMESPACE}/gardener-extension-os-metal`,
      `VerticalPodAutoscaler ${NAMESPACE}/gardener-extension-os-metal`,
    ]);
  });

  it('grant cluster-wide exactly the RBAC of the contract, and leases only in the own namespace', () => {
    expect(the('ClusterRole')['rules']).toEqual([
      { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
      { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs/status'], verbs: ['update', 'patch'] },
      { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs/finalizers'], verbs: ['update'] },
      { apiGroups: ['extensions.gardener.cloud'], resources: ['clusters'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] },
      { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    expect(the('Role')['rules']).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }]);
    const subject = [{ kind: 'ServiceAccount', name: 'gardener-extension-os-metal', namespace: NAMESPACE }];
    expect(the('ClusterRoleBinding')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'gardener-extension-os-metal' }, subjects: subject });
    expect(the('RoleBinding')).toMatchObject({ roleRef: { kind: 'Role', name: 'gardener-extension-os-metal-leader-election' }, subjects: subject });
    expect(pod.spec.serviceAccountName).toBe('gardener-extension-os-metal');
  });

  it('run the image by digest from controllers/artifacts.json, with the contract’s args, env and ports', () => {
    expect(container.image).toBe(`${artifacts.image.repository}@${artifacts.image.digest}`);
    expect(container.image).toMatch(/^[^:@]+(:\d+)?[^:@]*@sha256:[a-f0-9]{64}$/);
    expect(container.args).toEqual([
      '--config=/etc/os-metal/config.yaml',
      '--leader-elect=true',
      '--leader-election-namespace=$(POD_NAMESPACE)',
      '--metrics-bind-address=:8080',
      '--health-probe-bind-address=:8081',
    ]);
    expect(container.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
    expect(container.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['metrics', 8080],
      ['health', 8081],
    ]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
  });

  it('run non-root 65532 with a read-only root filesystem, no capabilities and RuntimeDefault seccomp', () => {
    expect(pod.spec.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  it('run two leader-elected replicas that a drain never takes down together', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(the('PodDisruptionBudget')['spec']).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: deployment.spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) expect(pod.metadata.labels[key]).toBe(value);
  });

  it('mount the ControllerConfiguration that main.ts parses, and roll the pods when it changes', () => {
    const configMap = the('ConfigMap') as ManifestObject & { data: Record<string, string> };
    expect(container.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/os-metal', readOnly: true }]);
    expect(pod.spec.volumes).toEqual([{ name: 'config', configMap: { name: configMap.metadata.name } }]);
    const parsed = parseControllerConfiguration(configMap.data['config.yaml']!);
    expect(parsed.problems).toEqual([]);
    expect(parsed.config).toEqual({
      apiVersion: 'os-metal.metal-garden.io/v1alpha1',
      kind: 'ControllerConfiguration',
      osTypes: ['ubuntu', 'debian', 'nvidia'],
      userdataFormat: { default: 'ignition', byOSType: {} },
      concurrentSyncs: 5,
    });
    const changed = objectsFor(checkChartValues({ ...values, config: { ...values.config, concurrentSyncs: 7 } }), NAMESPACE);
    const annotation = (list: ManifestObject[]) =>
      (list.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: PodTemplate } }).spec.template.metadata.annotations['checksum/config'];
    expect(annotation(objects)).toMatch(/^[a-f0-9]{64}$/);
    expect(annotation(changed)).not.toBe(annotation(objects));
  });

  it('are scraped by the seed Prometheus and reachable on the metrics port', () => {
    expect(pod.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/name': 'os-metal' });
    const service = the('Service') as ManifestObject & { metadata: { annotations: Record<string, string> }; spec: { ports: unknown[] } };
    expect(JSON.parse(service.metadata.annotations['networking.resources.gardener.cloud/from-all-seed-scrape-targets-allowed-ports']!)).toEqual([
      { port: 8080, protocol: 'TCP' },
    ]);
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 8080, targetPort: 'metrics', protocol: 'TCP' }]);
  });

  it('leave the VPA out when it is disabled', () => {
    const without = objectsFor(checkChartValues({ ...values, vpa: { ...values.vpa, enabled: false } }), NAMESPACE);
    expect(without.map((o) => o.kind)).not.toContain('VerticalPodAutoscaler');
    expect(without).toHaveLength(objects.length - 1);
  });

  it('refuse an image by tag, a bad replica count and an unknown VPA mode, naming the value', () => {
    const scope = () => new Chart(new App(), 'test');
    const base = { namespace: 'ns', serviceAccountName: 'sa', configMapName: 'cm', configChecksum: 'x' };
    expect(() => new ControllerDeployment(scope(), 'd', { ...base, image: 'ghcr.io/metal-garden/os-metal:v0.1.0' })).toThrow(
      'ControllerDeployment: image "ghcr.io/metal-garden/os-metal:v0.1.0" must be pinned by digest: <repository>@sha256:<64 hex digits>, without tag',
    );
    expect(() => new ControllerDeployment(scope(), 'd', { ...base, image: `ghcr.io/x/y:v1@${artifacts.image.digest}` })).toThrow('must be pinned by digest');
    expect(() => new ControllerDeployment(scope(), 'd', { ...base, image: `ghcr.io/x/y@${artifacts.image.digest}`, replicas: 0 })).toThrow(
      'ControllerDeployment: replicas 0 must be an integer of at least 1',
    );
    expect(() => new ControllerVerticalAutoscaler(scope(), 'v', { namespace: 'ns', deploymentName: 'd', updateMode: 'Sometimes' })).toThrow(
      'ControllerVerticalAutoscaler: updateMode "Sometimes" is not one of Off, Initial, Recreate, InPlaceOrRecreate, Auto',
    );
  });
});

describe('chart values', () => {
  it('default to the artifacts’ image, two replicas and the contract’s configuration', () => {
    expect(values.image).toEqual({ repository: artifacts.image.repository, digest: artifacts.image.digest, pullPolicy: 'IfNotPresent' });
    expect(values.replicaCount).toBe(2);
    expect(values.config.osTypes).toEqual(['ubuntu', 'debian', 'nvidia']);
  });

  it('name every bad value with its path and what is accepted', () => {
    expect(
      chartValuesProblems({
        image: { repository: 'ghcr.io/metal-garden/os-metal', digest: 'latest' },
        replicaCount: 1.5,
        logLevel: 'verbose',
        config: { osTypes: ['ubuntu', 'ubuntu'], unknown: 1 },
      }),
    ).toEqual([
      { path: 'image.digest', message: 'got "latest": must be sha256:<64 lowercase hex digits>; the image is pinned by digest' },
      { path: 'replicaCount', message: 'got 1.5: must be a whole number' },
      { path: 'logLevel', message: 'got "verbose": expected one of "trace", "debug", "info", "warn", "error", "fatal"' },
      { path: 'config.osTypes', message: 'got ["ubuntu","ubuntu"]: lists an OS type twice' },
      { path: 'config', message: 'unknown field "unknown"' },
    ]);
  });

  it('accept what gardenlet adds (gardener.*) without reading it', () => {
    expect(chartValuesProblems({ ...values, gardener: { version: 'v1.138.3', seed: { name: 'soil', annotations: null } } })).toEqual([]);
  });
});

describe('ControllerConfiguration (config.ts)', () => {
  it('fills defaults and reports problems with field paths', () => {
    expect(parseControllerConfiguration('apiVersion: os-metal.metal-garden.io/v1alpha1\nkind: ControllerConfiguration\n').config?.osTypes).toEqual([
      'ubuntu',
      'debian',
      'nvidia',
    ]);
    expect(
      parseControllerConfiguration(
        'apiVersion: os-metal.metal-garden.io/v1alpha1\nkind: ControllerConfiguration\nuserdataFormat: { byOSType: { ubuntu: yaml } }\nconcurrentSyncs: 0\nosType: [x]\n',
      ).problems,
    ).toEqual([
      { path: 'userdataFormat.byOSType.ubuntu', message: 'got "yaml": expected "ignition" or "cloud-init"' },
      { path: 'concurrentSyncs', message: 'got 0: must be at least 1' },
      { path: '(root)', message: 'unknown field "osType"' },
    ]);
    expect(parseControllerConfiguration('kind: [').problems[0]?.path).toBe('(file)');
    expect(parseControllerConfiguration('kind: Other\n').problems).toEqual([
      { path: 'apiVersion', message: 'is required (expected "os-metal.metal-garden.io/v1alpha1")' },
      { path: 'kind', message: 'got "Other": expected "ControllerConfiguration"' },
    ]);
  });
});

describe('the chart written from the constructs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'os-metal-chart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeChart(dir, artifacts);

  it('has Chart.yaml with the artifacts’ versions, values.yaml with the defaults, a values schema and one template per object', () => {
    expect(parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8'))).toMatchObject({
      apiVersion: 'v2',
      name: 'os-metal',
      version: artifacts.chart.version,
      appVersion: artifacts.version,
    });
    expect(parse(readFileSync(join(dir, 'values.yaml'), 'utf8'))).toEqual(values);
    expect(JSON.parse(readFileSync(join(dir, 'values.schema.json'), 'utf8'))).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      additionalProperties: false,
    });
    expect(readdirSync(join(dir, 'templates')).sort()).toEqual(objects.map((o) => `${o.kind.toLowerCase()}.yaml`).sort());
  });

  it('templates every value and the namespace, and nothing else', () => {
    const templates = chartTemplates();
    const deploymentTemplate = templates['deployment.yaml']!;
    expect(deploymentTemplate).toContain('namespace: {{ .Release.Namespace }}');
    expect(deploymentTemplate).toContain('replicas: {{ .Values.replicaCount | int }}');
    expect(deploymentTemplate).toContain('image: {{ printf "%v@%v" (.Values.image.repository) (.Values.image.digest) | toJson }}');
    expect(deploymentTemplate).toContain('resources: {{ .Values.resources | toJson }}');
    expect(deploymentTemplate).not.toMatch(/@@helm|HELMTEMPLATEACTION/);
    expect(templates['verticalpodautoscaler.yaml']).toMatch(/^\{\{- if \.Values\.vpa\.enabled \}\}\n[\s\S]*\{\{- end \}\}\n$/);
    expect(templates['clusterrole.yaml']).not.toContain('{{');
  });
});

describe('HelmTemplate (helm-template.ts)', () => {
  it('renders whole tokens by kind and literal text around tokens as one quoted printf', () => {
    const t = new HelmTemplate();
    const yaml = t.render({
      a: t.plain('.Release.Namespace'),
      b: t.int('.Values.n'),
      c: t.json('.Values.o'),
      d: `x%${t.plain('.Values.s')}:y`,
      e: [t.json('.Values.l')],
    });
    expect(yaml).toBe(
      [
        'a: {{ .Release.Namespace }}',
        'b: {{ .Values.n | int }}',
        'c: {{ .Values.o | toJson }}',
        'd: {{ printf "x%%%v:y" (.Values.s) | toJson }}',
        'e:',
        '  - {{ .Values.l | toJson }}',
        '',
      ].join('\n'),
    );
  });

  it('refuses tokens as keys, JSON tokens inside text and pipelines with actions', () => {
    const t = new HelmTemplate();
    expect(() => t.render({ [t.plain('.Values.k')]: 1 })).toThrow('template tokens cannot be keys');
    expect(() => t.render({ a: `x${t.json('.Values.o')}` })).toThrow('is a JSON value and cannot be part of the string');
    expect(() => t.json('{{ .Values.x }}')).toThrow('must not contain {{ or }}');
  });
});

describe('goJson (Go encoding/json, as helm’s toJson)', () => {
  it('sorts keys, drops whitespace and escapes HTML characters like Go', () => {
    expect(goJson({ b: [1, 'x<y&z>'], a: { d: true, c: null } })).toBe('{"a":{"c":null,"d":true},"b":[1,"x\\u003cy\\u0026z\\u003e"]}');
    expect(configurationText(values.config)).toBe(
      '{"apiVersion":"os-metal.metal-garden.io/v1alpha1","concurrentSyncs":5,"kind":"ControllerConfiguration","osTypes":["ubuntu","debian","nvidia"],"userdataFormat":{"byOSType":{},"default":"ignition"}}',
    );
  });
});
