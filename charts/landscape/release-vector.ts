import { parseDocument } from 'yaml';
import type { Problem } from './problems.js';

/** One deployable component as pinned by a metal-stack release vector. */
export interface Component {
  readonly image?: string;
  readonly tag?: string;
  /** OCI chart reference (without tag) for Helm-chart components. */
  readonly chart?: string;
  /** Chart version for Helm-chart components (the chart's own `version`, e.g. `0.8.8`). */
  readonly version?: string;
  /**
   * OCI tag a Helm-chart component is published under (helm-charts `tag`, e.g. `v0.8.8`); what an
   * OCIRepository must pull. metal-roles pulls `oci://<oci>` at this tag, not at `version`.
   */
  readonly chartTag?: string;
  /** Extra charts of an extension: extension, runtime, application, ref. */
  readonly charts?: Readonly<Record<string, string>>;
}

export type Components = Readonly<Record<string, Component>>;

/** `spec.versions.overrides.<name>`: any field of a component; `charts` merges role by role. */
export interface ComponentOverride extends Omit<Component, 'charts'> {
  readonly charts?: Readonly<Record<string, string | undefined>>;
}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object without its undefined fields (a `{ tag: undefined }` must not hide the vector's tag when spread). */
function stripUndefined<T extends object>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Flattens a release vector (`docker-images.<group>.<subgroup>.<name>` and `helm-charts.<group>.<name>`)
 * into components keyed by their leaf name, the name users write in `spec.versions.overrides`.
 */
export function parseReleaseVector(text: string, source: string): { components: Components; problems: Problem[] } {
  const problems: Problem[] = [];
  const components: Record<string, Component> = {};
  const parsed = parseDocument(text, { prettyErrors: true });
  const [error] = parsed.errors;
  if (error) {
    const at = error.linePos?.[0];
    const where = at ? ` at line ${at.line}, column ${at.col}` : '';
    const what = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
    return { components, problems: [{ path: 'spec.versions.releaseVector', message: `${source} is not valid YAML${where}: ${what}` }] };
  }
  const doc: unknown = parsed.toJS();
  if (!isTree(doc) || !isTree(doc['docker-images'])) {
    return {
      components,
      problems: [
        { path: 'spec.versions.releaseVector', message: `${source} has no docker-images section; expected a metal-stack release vector (release.yaml)` },
      ],
    };
  }
  // A component may appear once as an image and once as a Helm chart (valkey, thanos): merge them.
  const add = (name: string, component: Component, where: string) => {
    const existing = components[name];
    const clash =
      existing && Object.keys(component).some((key) => existing[key as keyof Component] !== undefined && component[key as keyof Component] !== undefined);
    if (clash) {
      problems.push({ path: 'spec.versions.releaseVector', message: `${source} defines component ${JSON.stringify(name)} twice (again at ${where})` });
      return;
    }
    components[name] = { ...existing, ...component };
  };
  for (const [group, subgroups] of Object.entries(doc['docker-images'])) {
    if (!isTree(subgroups)) continue;
    for (const [subgroup, entries] of Object.entries(subgroups)) {
      if (!isTree(entries)) continue;
      for (const [name, entry] of Object.entries(entries)) {
        if (!isTree(entry)) continue;
        const charts = isTree(entry.charts)
          ? Object.fromEntries(Object.entries(entry.charts).filter((kv): kv is [string, string] => typeof kv[1] === 'string'))
          : undefined;
        add(name, stripUndefined({ image: str(entry.name), tag: str(entry.tag), charts }), `docker-images.${group}.${subgroup}.${name}`);
      }
    }
  }
  const helmCharts = isTree(doc['helm-charts']) ? doc['helm-charts'] : {};
  for (const [group, entries] of Object.entries(helmCharts)) {
    if (!isTree(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (!isTree(entry)) continue;
      add(
        name,
        stripUndefined({ chart: str(entry.oci) ?? str(entry.repository), version: str(entry.version), chartTag: str(entry.tag) }),
        `helm-charts.${group}.${name}`,
      );
    }
  }
  return { components, problems };
}

/** Applies `spec.versions.overrides`; an override for a component the vector does not know is a problem. */
export function applyOverrides(
  components: Components,
  overrides: Readonly<Record<string, ComponentOverride>>,
): { components: Components; problems: Problem[] } {
  const problems: Problem[] = [];
  const merged: Record<string, Component> = { ...components };
  for (const [name, override] of Object.entries(overrides).sort(([a], [b]) => a.localeCompare(b))) {
    const base = components[name];
    if (!base) {
      problems.push({
        path: `spec.versions.overrides.${name}`,
        message: `unknown component ${JSON.stringify(name)}; the release vector has: ${Object.keys(components).sort().join(', ')}`,
      });
      continue;
    }
    // A chart published under a tag other than its version (metal-stack: v0.8.8 for 0.8.8) keeps
    // its old tag if only the version changes, and Flux would pull the old chart.
    if (override.version !== undefined && base.chartTag !== undefined && override.chartTag === undefined && override.version !== base.version) {
      problems.push({
        path: `spec.versions.overrides.${name}.chartTag`,
        message: `version ${override.version} is overridden but chartTag stays ${base.chartTag}, the OCI tag Flux pulls; set chartTag too (e.g. v${override.version.replace(/^v/, '')})`,
      });
    }
    // Gardener components and extensions publish their charts in `charts.<role>`, pulled at the image
    // tag; their renderers never read `chart`, so an override there would be accepted and ignored.
    const roles = Object.keys(base.charts ?? {}).sort();
    if (override.chart !== undefined && base.chart === undefined && roles.length > 0) {
      const suggested = ['ref', 'extension'].find((role) => roles.includes(role)) ?? roles[0];
      problems.push({
        path: `spec.versions.overrides.${name}.chart`,
        message: `component ${JSON.stringify(name)} has no chart of its own; its charts are ${roles.map((r) => `charts.${r}`).join(', ')}, pulled at its tag: set spec.versions.overrides.${name}.charts.${suggested} instead`,
      });
    }
    const { charts: chartsOverride, ...fields } = override;
    const charts = chartsOverride ? { ...base.charts, ...stripUndefined(chartsOverride) } : base.charts;
    merged[name] = stripUndefined({ ...base, ...stripUndefined(fields), charts });
  }
  return { components: merged, problems };
}
