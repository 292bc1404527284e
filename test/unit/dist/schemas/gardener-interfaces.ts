import ts from 'typescript';
import { join } from 'node:path';
import { projectRoot } from '../../../../generators/upstream-mirror.js';

/**
 * Gardener's core kinds are served by gardener-apiserver (aggregated API), so there is no CRD schema
 * to validate them against. Until the integration tests check them against a real gardener-apiserver,
 * they are checked here against the typed interfaces in charts/imports/gardener/: every required
 * (non-optional) field is present, no undeclared field appears, primitives have the declared type and
 * string-literal unions hold one of their values. `RawExtension` (provider configs) and maps
 * (`Record<string, ...>`) are not looked into.
 */
export const GARDENER_AGGREGATED_KINDS: Readonly<Record<string, { file: string; props: string }>> = {
  'core.gardener.cloud/v1beta1/Project': { file: 'core.gardener.cloud.ts', props: 'ProjectProps' },
  'core.gardener.cloud/v1beta1/CloudProfile': { file: 'core.gardener.cloud.ts', props: 'CloudProfileProps' },
  'core.gardener.cloud/v1beta1/Shoot': { file: 'core.gardener.cloud.ts', props: 'ShootProps' },
  'seedmanagement.gardener.cloud/v1alpha1/Gardenlet': { file: 'seedmanagement.gardener.cloud.ts', props: 'GardenletProps' },
  'seedmanagement.gardener.cloud/v1alpha1/ManagedSeed': { file: 'seedmanagement.gardener.cloud.ts', props: 'ManagedSeedProps' },
  'security.gardener.cloud/v1alpha1/CredentialsBinding': { file: 'security.gardener.cloud.ts', props: 'CredentialsBindingProps' },
};

const bindingsDir = join(projectRoot, 'charts', 'imports', 'gardener');

export class GardenerInterfaceChecker {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;

  constructor() {
    const files = [...new Set(Object.values(GARDENER_AGGREGATED_KINDS).map((k) => join(bindingsDir, k.file)))];
    this.program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, skipLibCheck: true });
    this.checker = this.program.getTypeChecker();
  }

  has(apiVersion: string, kind: string): boolean {
    return `${apiVersion}/${kind}` in GARDENER_AGGREGATED_KINDS;
  }

  /** Problems of one object (empty: fits the interface); `metadata` is left to the ObjectMeta schema. */
  check(manifest: Record<string, unknown> & { apiVersion: string; kind: string }): string[] {
    const entry = GARDENER_AGGREGATED_KINDS[`${manifest.apiVersion}/${manifest.kind}`];
    if (!entry) throw new Error(`no typed interface for ${manifest.apiVersion} ${manifest.kind}`);
    const source = this.program.getSourceFile(join(bindingsDir, entry.file));
    const declaration = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === entry.props);
    if (!declaration) throw new Error(`${entry.props} is not declared in charts/imports/gardener/${entry.file}`);
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = manifest;
    const type = this.checker.getTypeAtLocation(declaration);
    const problems: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      if (property.name === 'metadata') continue;
      const value = rest[property.name];
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      if (value === undefined) {
        if (!optional) problems.push(`/${property.name} is required`);
        continue;
      }
      problems.push(...this.checkValue(value, this.checker.getTypeOfSymbolAtLocation(property, declaration), `/${property.name}`, declaration));
    }
    for (const key of Object.keys(rest)) if (!type.getProperty(key)) problems.push(`/${key} is not a field of ${entry.props}`);
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
      if (members.every((m) => m.isStringLiteral() || m.isNumberLiteral() || m.flags & ts.TypeFlags.BooleanLiteral)) {
        return [`${path} is ${JSON.stringify(value)}, expected one of ${members.map((m) => c.typeToString(m)).join(', ')}`];
      }
      return attempts.reduce((best, a) => (a.length < best.length ? a : best));
    }
    if (type.isStringLiteral()) return value === type.value ? [] : [`${path} is ${JSON.stringify(value)}, expected "${type.value}"`];
    if (type.isNumberLiteral()) return value === type.value ? [] : [`${path} is ${JSON.stringify(value)}, expected ${type.value}`];
    if (type.flags & ts.TypeFlags.BooleanLike) return typeof value === 'boolean' ? [] : [`${path} must be a boolean`];
    if (type.flags & ts.TypeFlags.StringLike) return typeof value === 'string' ? [] : [`${path} must be a string`];
    if (type.flags & ts.TypeFlags.NumberLike) return typeof value === 'number' ? [] : [`${path} must be a number`];
    if (c.isArrayType(type) || c.isTupleType(type) || (type.symbol?.name === 'ReadonlyArray')) {
      if (!Array.isArray(value)) return [`${path} must be a list`];
      const element = c.getTypeArguments(type as ts.TypeReference)[0];
      return element ? value.flatMap((v, i) => this.checkValue(v, element, `${path}/${i}`, at)) : [];
    }
    if (type.flags & ts.TypeFlags.Object) {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path} must be an object`];
      if (c.getIndexInfosOfType(type).length > 0) return []; // a map: keys are free
      const problems: string[] = [];
      const record = value as Record<string, unknown>;
      for (const property of c.getPropertiesOfType(type)) {
        const v = record[property.name];
        if (v === undefined) {
          if (!(property.flags & ts.SymbolFlags.Optional)) problems.push(`${path}/${property.name} is required`);
          continue;
        }
        problems.push(...this.checkValue(v, c.getTypeOfSymbolAtLocation(property, at), `${path}/${property.name}`, at));
      }
      for (const key of Object.keys(record)) if (!type.getProperty(key)) problems.push(`${path}/${key} is not a declared field`);
      return problems;
    }
    return [];
  }
}
