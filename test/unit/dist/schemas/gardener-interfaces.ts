import ts from 'typescript';
import { join } from 'node:path';
import { GARDENER_BINDING_MODULES, GARDENER_OUT_DIR } from '../../../../generators/gardener-modules.js';

/**
 * Gardener's core kinds are served by gardener-apiserver (aggregated API), so there is no CRD schema
 * to validate them against offline. They are checked here against the bindings generated from the
 * OpenAPI v3 that gardener-apiserver serves (charts/imports/gardener/<group>.ts): every required field
 * is present, no field unknown to the API appears, primitives have the declared type and enums hold
 * one of their values. The bindings camel-case some names (`kubeAPIServer` → `kubeApiServer`); JSON
 * names are mapped through the generated `toJson_<Type>` functions, the same mapping synth writes
 * with. json2jsii's union classes (`Quantity`, `IntOrString`) are checked by the type of their
 * `value`; map values are checked against the map's value type; `any` (RawExtension: provider
 * configs, the gardenlet config) is not looked into.
 * The integration tests apply the same objects to a real gardener-apiserver.
 */

interface KindEntry {
  readonly file: string;
  readonly props: string;
}

/** Every generated kind by `apiVersion/kind`, with the module and Props interface describing it. */
export const GARDENER_AGGREGATED_KINDS: ReadonlyMap<string, KindEntry> = new Map(
  GARDENER_BINDING_MODULES.flatMap((module) =>
    module.kinds.map((k) => [`${module.group}/${k.version}/${k.kind}`, { file: join(GARDENER_OUT_DIR, `${module.group}.ts`), props: `${k.kind}Props` }] as const),
  ),
);

/** `toJson_<Type>` maps each JSON name to `obj.<property>`; read that mapping back per interface. */
function jsonNamesOf(source: ts.SourceFile): Map<string, Map<string, string>> {
  const byType = new Map<string, Map<string, string>>();
  for (const statement of source.statements) {
    if (!ts.isFunctionDeclaration(statement) || !statement.name?.text.startsWith('toJson_') || !statement.body) continue;
    const names = new Map<string, string>();
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name)) {
        const property = findObjProperty(node.initializer);
        if (property) names.set(node.name.text, property);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(statement.body);
    byType.set(statement.name.text.slice('toJson_'.length), names);
  }
  return byType;
}

/** The `<property>` of the first `obj.<property>` in an expression. */
function findObjProperty(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'obj') return node.name.text;
  return ts.forEachChild(node, findObjProperty);
}

export class GardenerInterfaceChecker {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  /** JSON name → property name, per `<file>#<interface>`. */
  private readonly jsonNames = new Map<string, Map<string, string>>();

  constructor() {
    const files = [...new Set([...GARDENER_AGGREGATED_KINDS.values()].map((k) => k.file))];
    this.program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true });
    this.checker = this.program.getTypeChecker();
    for (const file of files) {
      const source = this.program.getSourceFile(file);
      if (!source) throw new Error(`${file} is missing: run npm run generate:gardener`);
      for (const [type, names] of jsonNamesOf(source)) this.jsonNames.set(`${file}#${type}`, names);
    }
  }

  has(apiVersion: string, kind: string): boolean {
    return GARDENER_AGGREGATED_KINDS.has(`${apiVersion}/${kind}`);
  }

  /** Problems of one object (empty: fits the bindings); `metadata` is left to the ObjectMeta schema. */
  check(manifest: Record<string, unknown> & { apiVersion: string; kind: string }): string[] {
    const entry = GARDENER_AGGREGATED_KINDS.get(`${manifest.apiVersion}/${manifest.kind}`);
    if (!entry) throw new Error(`no generated binding for ${manifest.apiVersion} ${manifest.kind}`);
    const source = this.program.getSourceFile(entry.file);
    const declaration = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === entry.props);
    if (!declaration) throw new Error(`${entry.props} is not declared in ${entry.file}`);
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = manifest;
    return this.checkObject(rest, this.checker.getTypeAtLocation(declaration), '', declaration, new Set(['metadata']));
  }

  private namesOf(type: ts.Type): Map<string, string> {
    const declaration = type.symbol?.declarations?.[0];
    const names = declaration && this.jsonNames.get(`${declaration.getSourceFile().fileName}#${type.symbol.name}`);
    if (!names) throw new Error(`no toJson_${type.symbol?.name ?? '?'} in the generated bindings to map its JSON names`);
    return names;
  }

  private checkObject(record: Record<string, unknown>, type: ts.Type, path: string, at: ts.Node, skip: ReadonlySet<string> = new Set()): string[] {
    const names = this.namesOf(type);
    const jsonOf = new Map([...names].map(([json, property]) => [property, json]));
    const problems: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const json = jsonOf.get(property.name) ?? property.name;
      if (skip.has(json)) continue;
      const value = record[json];
      if (value === undefined) {
        if (!(property.flags & ts.SymbolFlags.Optional)) problems.push(`${path}/${json} is required`);
        continue;
      }
      problems.push(...this.checkValue(value, this.checker.getTypeOfSymbolAtLocation(property, at), `${path}/${json}`, at));
    }
    for (const key of Object.keys(record)) {
      if (!skip.has(key) && !names.has(key)) problems.push(`${path}/${key} is not a field of ${type.symbol.name}`);
    }
    return problems;
  }

  private checkValue(value: unknown, type: ts.Type, path: string, at: ts.Node): string[] {
    const c = this.checker;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return [];
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
      if (members.length === 1) return this.checkValue(value, members[0]!, path, at);
      const attempts = members.map((m) => this.checkValue(value, m, path, at));
      if (attempts.some((a) => a.length === 0)) return [];
      if (members.every((m) => m.isStringLiteral() || m.isNumberLiteral())) {
        return [`${path} is ${JSON.stringify(value)}, expected one of ${members.map((m) => JSON.stringify((m as ts.LiteralType).value)).join(', ')}`];
      }
      if (members.every((m) => m.flags & (ts.TypeFlags.String | ts.TypeFlags.Number))) {
        return [`${path} must be ${members.map((m) => `a ${c.typeToString(m)}`).join(' or ')}`];
      }
      return attempts.reduce((best, a) => (a.length < best.length ? a : best));
    }
    if (type.isStringLiteral() || type.isNumberLiteral()) return value === type.value ? [] : [`${path} is ${JSON.stringify(value)}, expected ${JSON.stringify(type.value)}`];
    if (type.flags & ts.TypeFlags.BooleanLike) return typeof value === 'boolean' ? [] : [`${path} must be a boolean`];
    if (type.flags & ts.TypeFlags.StringLike) return typeof value === 'string' ? [] : [`${path} must be a string`];
    if (type.flags & ts.TypeFlags.NumberLike) return typeof value === 'number' ? [] : [`${path} must be a number`];
    if (c.isArrayType(type)) {
      if (!Array.isArray(value)) return [`${path} must be a list`];
      const element = c.getTypeArguments(type as ts.TypeReference)[0];
      return element ? value.flatMap((v, i) => this.checkValue(v, element, `${path}/${i}`, at)) : [];
    }
    // json2jsii renders a oneOf of primitives (Quantity, IntOrString) as a class holding `value`.
    const held = type.symbol && type.symbol.flags & ts.SymbolFlags.Class ? type.getProperty('value') : undefined;
    if (held) return this.checkValue(value, c.getTypeOfSymbolAtLocation(held, at), path, at);
    if (type.flags & ts.TypeFlags.Object) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path} must be an object`];
      if (c.getIndexInfosOfType(type).length > 0) {
        const element = c.getIndexInfosOfType(type)[0]!.type;
        return Object.entries(value).flatMap(([k, v]) => this.checkValue(v, element, `${path}/${k}`, at));
      }
      return this.checkObject(value as Record<string, unknown>, type, path, at);
    }
    return [`${path}: the checker does not know type ${c.typeToString(type)}`];
  }
}
