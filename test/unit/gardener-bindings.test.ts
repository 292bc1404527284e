/**
 * The generator of the Gardener bindings on small inline OpenAPI documents shaped like the ones
 * gardener-apiserver serves: naming, `$ref` handling, what is emitted, and that the emitted module
 * type-checks and renders manifests with the API's own field names. The served documents themselves
 * are covered by test/integration/gardener-bindings.test.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Testing, type ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupVersionsOf, renderBindingModule, type BindingModuleSpec } from '../../generators/gardener-bindings.js';
import {
  assignNames,
  findKind,
  namedDefinitions,
  relaxRequired,
  rewriteSchema,
  type OpenApiDocument,
  type Schema,
} from '../../generators/openapi-definitions.js';
import { projectRoot } from '../../generators/upstream.js';

const G = 'com.github.gardener.gardener.pkg.apis.example.v1beta1';
const G1 = 'com.github.gardener.gardener.pkg.apis.example.v1';
const K8S = 'io.k8s.api.core.v1';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (key: string, description?: string): Schema => ({ ...(description ? { description } : {}), allOf: [{ $ref: `#/components/schemas/${key}` }] });
const gvk = (version: string, kind: string) => ({ 'x-kubernetes-group-version-kind': [{ group: 'example.gardener.cloud', version, kind }] });

const shared: Record<string, Schema> = {
  [`${META}.ObjectMeta`]: { type: 'object', properties: { name: { type: 'string' } } },
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  [`${K8S}.Toleration`]: { type: 'object', properties: { key: { type: 'string' }, effect: { type: 'string', enum: ['NoExecute', 'NoSchedule'] } } },
};

/** A v1beta1 document with one kind, `Widget`, shaped like Gardener's Shoot. */
const v1beta1: OpenApiDocument = {
  components: {
    schemas: {
      ...shared,
      [`${G}.Widget`]: {
        type: 'object',
        ...gvk('v1beta1', 'Widget'),
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { default: {}, ...ref(`${META}.ObjectMeta`) },
          spec: { default: {}, ...ref(`${G}.WidgetSpec`, 'Spec of the widget.') },
          status: ref(`${G}.WidgetStatus`),
        },
      },
      [`${G}.WidgetSpec`]: {
        type: 'object',
        required: ['region'],
        properties: {
          region: { type: 'string', default: '' },
          kubeAPIServer: ref(`${G}.KubeAPIServerConfig`),
          tolerations: { type: 'array', items: ref(`${G}.Toleration`) },
          podTolerations: { type: 'array', items: ref(`${K8S}.Toleration`) },
          cpu: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
          maxSurge: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
          providerConfig: ref('io.k8s.apimachinery.pkg.runtime.RawExtension'),
          expirationDate: ref(`${META}.Time`),
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      [`${G}.KubeAPIServerConfig`]: { type: 'object', properties: { eventTTL: { type: 'string' }, enableAnonymousAuthentication: { type: 'boolean' } } },
      [`${G}.Toleration`]: { type: 'object', required: ['key'], properties: { key: { type: 'string' }, value: { type: 'string' } } },
      [`${G}.WidgetStatus`]: { type: 'object', properties: { observedGeneration: { type: 'integer' }, lastOperation: ref(`${G}.LastOperation`) } },
      [`${G}.LastOperation`]: { type: 'object', properties: { state: { type: 'string' } } },
      [`${G}.Unrelated`]: { type: 'object', properties: { x: { type: 'string' } } },
    },
  },
};

/** A v1 document with a second kind whose fields are top-level (like core/v1 ControllerDeployment). */
const v1: OpenApiDocument = {
  components: {
    schemas: {
      [`${META}.ObjectMeta`]: shared[`${META}.ObjectMeta`]!,
      [`${G1}.Gadget`]: {
        type: 'object',
        ...gvk('v1', 'Gadget'),
        required: ['mode'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: ref(`${META}.ObjectMeta`),
          mode: { type: 'string' },
          injectCA: { type: 'boolean' },
        },
      },
    },
  },
};

const spec: BindingModuleSpec = {
  group: 'example.gardener.cloud',
  kinds: [
    { version: 'v1', kind: 'Gadget' },
    { version: 'v1beta1', kind: 'Widget' },
  ],
};
const documents = new Map([
  ['example.gardener.cloud/v1beta1', v1beta1],
  ['example.gardener.cloud/v1', v1],
]);

describe('OpenAPI definitions for json2jsii', () => {
  it('unwraps single-$ref allOf, renames refs, maps ObjectMeta and drops date-time formats', () => {
    const names = new Map([[`${G}.WidgetSpec`, 'WidgetSpec']]);
    const rewritten = rewriteSchema(
      {
        type: 'object',
        properties: {
          metadata: ref(`${META}.ObjectMeta`),
          spec: { default: {}, ...ref(`${G}.WidgetSpec`, 'Spec.') },
          at: { type: 'string', format: 'date-time' },
        },
      },
      names,
      'Widget',
    );
    expect(rewritten.properties).toEqual({
      metadata: { $ref: '#/definitions/ApiObjectMetadata' },
      spec: { default: {}, description: 'Spec.', $ref: '#/definitions/WidgetSpec' },
      at: { type: 'string' },
    });
  });

  it('refuses refs it cannot resolve and property names that are no identifiers', () => {
    expect(() => rewriteSchema({ $ref: 'other.json#/x' }, new Map(), 'X')).toThrow(/unsupported \$ref other\.json#\/x/);
    expect(() => rewriteSchema(ref(`${G}.Missing`), new Map(), 'X')).toThrow(/\$ref to .*Missing has no generated name/);
    expect(() => rewriteSchema({ properties: { "a'); evil(": { type: 'string' } } }, new Map(), 'X')).toThrow(/cannot become an identifier/);
  });

  it('names types after Go, qualifying the losers of a name clash by package', () => {
    const names = assignNames([`${K8S}.Toleration`, `${G}.Toleration`, `${G}.DNS`, `${K8S}.ObjectReference`], [G], ['Widget']);
    expect(Object.fromEntries(names)).toEqual({
      [`${G}.Toleration`]: 'Toleration',
      [`${K8S}.Toleration`]: 'KubeCoreV1Toleration',
      [`${G}.DNS`]: 'Dns',
      [`${K8S}.ObjectReference`]: 'ObjectReference',
    });
    // A reserved name (a kind's class or an import) is never taken by a definition.
    expect(assignNames([`${G}.Widget`], [G], ['Widget']).get(`${G}.Widget`)).toBe('ExampleV1Beta1Widget');
  });

  it('finds a kind by its group-version-kind, exactly once', () => {
    expect(findKind(v1beta1, { group: 'example.gardener.cloud', version: 'v1beta1', kind: 'Widget' }).key).toBe(`${G}.Widget`);
    expect(() => findKind(v1beta1, { group: 'example.gardener.cloud', version: 'v1beta1', kind: 'Gizmo' })).toThrow(/found none/);
  });

  it('keeps only what the kinds reach without their status', () => {
    const widget = findKind(v1beta1, { group: 'example.gardener.cloud', version: 'v1beta1', kind: 'Widget' });
    const { definitions, kinds } = namedDefinitions([v1beta1], [widget], ['Widget', 'WidgetProps']);
    expect(Object.keys(definitions).sort()).toEqual([
      'IntOrString',
      'KubeApiServerConfig',
      'KubeCoreV1Toleration',
      'Quantity',
      'RawExtension',
      'Time',
      'Toleration',
      'WidgetSpec',
    ]);
    expect(Object.keys(kinds.get('Widget')?.properties ?? {})).toEqual(['metadata', 'spec']);
  });

  it('relaxes listed required properties and refuses entries nothing requires', () => {
    const [relaxed] = relaxRequired([v1beta1], [`${G}.WidgetSpec.region`]);
    expect(relaxed?.components?.schemas?.[`${G}.WidgetSpec`]?.required).toEqual([]);
    expect(v1beta1.components?.schemas?.[`${G}.WidgetSpec`]?.required).toEqual(['region']);
    expect(() => relaxRequired([v1beta1], [`${G}.WidgetSpec.cpu`])).toThrow(/WidgetSpec\.cpu is listed as optional, but no served document requires it/);
    const code = renderBindingModule({ ...spec, optional: [`${G}.WidgetSpec.region`] }, documents, []);
    expect(code).toContain('readonly region?: string;');
  });

  it('refuses documents that disagree on a shared definition', () => {
    const other: OpenApiDocument = { components: { schemas: { ...v1.components!.schemas, [`${META}.ObjectMeta`]: { type: 'object' } } } };
    const gadget = findKind(other, { group: 'example.gardener.cloud', version: 'v1', kind: 'Gadget' });
    const widget = findKind(v1beta1, { group: 'example.gardener.cloud', version: 'v1beta1', kind: 'Widget' });
    // ObjectMeta itself becomes cdk8s' type; a shared key that is emitted must agree.
    const drifted: OpenApiDocument = { components: { schemas: { ...v1beta1.components!.schemas, [`${K8S}.Toleration`]: { type: 'object' } } } };
    expect(() => namedDefinitions([v1beta1, drifted], [widget])).toThrow(/io\.k8s\.api\.core\.v1\.Toleration differs between the served documents/);
    expect(() => namedDefinitions([other, v1beta1], [gadget, widget])).not.toThrow();
  });
});

/**
 * What the tests use of the rendered module: it is written at test time, so tsc cannot see its types
 * here (the type-check test below compiles it on its own).
 */
interface ExampleModule {
  Widget: new (scope: Construct, id: string, props: Record<string, unknown>) => ApiObject;
  Gadget: { new (scope: Construct, id: string, props: Record<string, unknown>): ApiObject; manifest(props: Record<string, unknown>): unknown };
  KubeCoreV1TolerationEffect: Record<string, string>;
  Quantity: { fromString(value: string): unknown };
  IntOrString: { fromNumber(value: number): unknown };
}

describe('rendered binding module', () => {
  const code = renderBindingModule(spec, documents, ['// header line']);
  let dir: string;
  let module: ExampleModule;

  beforeAll(async () => {
    // Inside the project, so the module resolves cdk8s and constructs like the committed bindings do.
    await mkdir(join(projectRoot, '.cache'), { recursive: true });
    dir = await mkdtemp(join(projectRoot, '.cache', 'gardener-bindings-test-'));
    await writeFile(join(dir, 'example.gardener.cloud.ts'), code);
    module = (await import(pathToFileURL(join(dir, 'example.gardener.cloud.ts')).href)) as ExampleModule;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with the header and needs one document per version of its kinds', () => {
    expect(code.split('\n').slice(0, 3)).toEqual([
      '// header line',
      "import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';",
      "import { Construct } from 'constructs';",
    ]);
    expect(groupVersionsOf(spec)).toEqual(['example.gardener.cloud/v1', 'example.gardener.cloud/v1beta1']);
    expect(() => renderBindingModule(spec, new Map([['example.gardener.cloud/v1', v1]]), [])).toThrow(
      /no served OpenAPI document for example\.gardener\.cloud\/v1beta1/,
    );
    expect(() => renderBindingModule({ ...spec, kinds: [...spec.kinds, { version: 'v1beta1', kind: 'Gadget' }] }, documents, [])).toThrow(
      /kind Gadget is listed twice/,
    );
  });

  it('declares the classes, Go-named structs and json2jsii unions, each kind before the types it introduces', () => {
    const declarations = [...code.matchAll(/^export (?:class|interface|enum) (\w+)/gm)].map((m) => m[1]);
    expect(declarations).toEqual([
      'Gadget',
      'GadgetProps',
      'Widget',
      'WidgetProps',
      'WidgetSpec',
      'KubeApiServerConfig',
      'Toleration',
      'KubeCoreV1Toleration',
      'Quantity',
      'IntOrString',
      'KubeCoreV1TolerationEffect',
    ]);
    expect(code).toContain('readonly spec?: WidgetSpec;');
    expect(code).toContain('readonly region: string;');
    expect(code).toContain('readonly expirationDate?: string;');
    expect(code).toContain('readonly providerConfig?: any;');
    expect(code).not.toContain('LastOperation');
  });

  it('type-checks under the project compiler options', () => {
    const file = join(dir, 'example.gardener.cloud.ts');
    const options = ts.parseJsonConfigFileContent(
      ts.readConfigFile(join(projectRoot, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config,
      ts.sys,
      projectRoot,
    ).options;
    const program = ts.createProgram([file], options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('renders manifests with the API field names, the GVK of each kind and no undefined fields', () => {
    const chart = Testing.chart();
    new module.Widget(chart, 'w', {
      metadata: { name: 'w1' },
      spec: {
        region: 'fra',
        kubeApiServer: { eventTtl: '1h', enableAnonymousAuthentication: undefined },
        tolerations: [{ key: 'seed.gardener.cloud/protected' }],
        podTolerations: [{ key: 'k', effect: module.KubeCoreV1TolerationEffect.NO_SCHEDULE }],
        cpu: module.Quantity.fromString('4'),
        maxSurge: module.IntOrString.fromNumber(1),
        labels: { a: 'b' },
      },
    });
    new module.Gadget(chart, 'g', { metadata: { name: 'g1' }, mode: 'helm', injectCa: true });
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'example.gardener.cloud/v1beta1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: {
          region: 'fra',
          kubeAPIServer: { eventTTL: '1h' },
          tolerations: [{ key: 'seed.gardener.cloud/protected' }],
          podTolerations: [{ key: 'k', effect: 'NoSchedule' }],
          cpu: '4',
          maxSurge: 1,
          labels: { a: 'b' },
        },
      },
      { apiVersion: 'example.gardener.cloud/v1', kind: 'Gadget', metadata: { name: 'g1' }, mode: 'helm', injectCA: true },
    ]);
    expect(module.Gadget.manifest({ metadata: { name: 'g2' }, mode: 'raw', injectCa: undefined })).toEqual({
      apiVersion: 'example.gardener.cloud/v1',
      kind: 'Gadget',
      metadata: { name: 'g2' },
      mode: 'raw',
    });
  });
});
