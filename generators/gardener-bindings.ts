/**
 * Renders one TypeScript binding module per Gardener API group from the OpenAPI v3 documents
 * gardener-apiserver serves — the aggregated kinds (Shoot, Seed, ManagedSeed, ...) that are not
 * CRDs, so `cdk8s import` cannot produce them.
 *
 * The output is what `cdk8s import` produces for a CRD: json2jsii structs with `toJson_<Type>`
 * functions, and per kind a class from cdk8s-cli's own template (static `GVK`, `manifest()`,
 * `toJson()` that drops undefined). Unlike a CRD, a served document defines its types once and
 * refers to them by `$ref`, so the structs carry the Go type names (`ShootSpec`, `Worker`) instead of
 * path names (`ShootSpecProviderWorkers`); generators/openapi-definitions.ts picks those names.
 *
 * Pure (documents in, source text out); generators/gardener-generate.ts fetches and writes.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Code, TypeGenerator } from 'json2jsii';
import { findKind, namedDefinitions, relaxRequired, type KindDefinition, type OpenApiDocument, type Schema } from './openapi-definitions.js';

/** The kinds one module holds: one API group, each kind from the version the charts use. */
export interface BindingModuleSpec {
  readonly group: string;
  readonly kinds: readonly { readonly version: string; readonly kind: string }[];
  /** Properties (`<definition key>.<property>`) the served schema requires but the server does not (see relaxRequired()). */
  readonly optional?: readonly string[];
}

/** The argument of cdk8s-cli's `generateConstruct` (lib/import/codegen.d.ts). */
interface ApiObjectDefinition {
  readonly custom: boolean;
  readonly fqn: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly schema: Schema;
}

const require = createRequire(import.meta.url);

/**
 * cdk8s-cli's class template is not in its package exports, so it is loaded by path (like
 * generators/crd-bindings.ts runs its bin). Reusing it, rather than writing the template again,
 * keeps these classes identical to the CRD bindings; the pinned cdk8s-cli version is in the header.
 */
const { generateConstruct } = require(join(dirname(require.resolve('cdk8s-cli/package.json')), 'lib', 'import', 'codegen.js')) as {
  generateConstruct: (typegen: TypeGenerator, def: ApiObjectDefinition) => void;
};

/** `core.gardener.cloud` + `v1beta1` → the key of its served document. */
export function groupVersion(group: string, version: string): string {
  return `${group}/${version}`;
}

/** The group versions a module needs documents for, in the order its kinds list them. */
export function groupVersionsOf(spec: BindingModuleSpec): string[] {
  return [...new Set(spec.kinds.map((k) => groupVersion(spec.group, k.version)))];
}

/** Every name declared twice would make tsc fail far from the cause; say which one instead. */
function assertUniqueDeclarations(code: string, group: string): void {
  const seen = new Set<string>();
  for (const [, name] of code.matchAll(/^export (?:interface|class|enum|function|type|const) (\w+)/gm)) {
    if (seen.has(name!)) throw new Error(`${group}: ${name} is declared twice in the generated module`);
    seen.add(name!);
  }
}

/**
 * Source text of the binding module of `spec.group`. `documents` maps group versions
 * (`core.gardener.cloud/v1beta1`) to their served documents; `header` lines (comments) go first.
 */
export function renderBindingModule(spec: BindingModuleSpec, documents: ReadonlyMap<string, OpenApiDocument>, header: readonly string[]): string {
  const kindNames = spec.kinds.map((k) => k.kind);
  const duplicate = kindNames.find((k, i) => kindNames.indexOf(k) !== i);
  if (duplicate) throw new Error(`${spec.group}: kind ${duplicate} is listed twice; one module holds one version of each kind`);
  const served = groupVersionsOf(spec).map((gv) => {
    const document = documents.get(gv);
    if (!document) throw new Error(`no served OpenAPI document for ${gv}`);
    return document;
  });
  const used = relaxRequired(served, spec.optional ?? []);
  const kinds: KindDefinition[] = spec.kinds.map((k) => findKind(documents.get(groupVersion(spec.group, k.version))!, { group: spec.group, ...k }));
  const reserved = kindNames.flatMap((kind) => [kind, `${kind}Props`]);
  const { definitions, kinds: kindSchemas } = namedDefinitions(used, kinds, reserved);

  // One generator for the module, so a type two kinds share is emitted once; rendering after each
  // kind puts a kind's class right before the types it introduces, as in a CRD module.
  const typegen = new TypeGenerator({ definitions });
  const code = new Code();
  for (const kind of kinds) {
    generateConstruct(typegen, {
      custom: true,
      fqn: kind.kind,
      group: kind.group,
      version: kind.version,
      kind: kind.kind,
      schema: kindSchemas.get(kind.kind)!,
    });
    typegen.renderToCode(code);
  }
  const body = code.render().trim();
  assertUniqueDeclarations(body, spec.group);
  return [
    ...header,
    "import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';",
    "import { Construct } from 'constructs';",
    '',
    '',
    body,
    '',
  ].join('\n');
}
