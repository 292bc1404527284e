/**
 * `npm run generate:gardener`: regenerates the committed bindings of Gardener's aggregated API
 * (charts/imports/gardener/<group>.ts) from the OpenAPI v3 a real gardener-apiserver serves.
 *
 * Without a kubeconfig it starts the envtest control plane (test/envtest/control-plane.ts: etcd,
 * kube-apiserver and gardener-apiserver of the pinned Gardener release, built from Go modules and
 * cached) and stops it afterwards; the integration test passes the kubeconfig of the running one.
 * This is why `npm run generate` does not include it: that one runs offline in seconds, this one
 * needs the Go-built servers (minutes and about 4 GB of Go cache on a fresh machine).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane } from '../test/envtest/control-plane.js';
import { groupVersionsOf, renderBindingModule, type BindingModuleSpec } from './gardener-bindings.js';
import { GARDENER_BINDING_MODULES, GARDENER_GENERATED_MARKER, GARDENER_OUT_DIR } from './gardener-modules.js';
import { fetchOpenApiDocuments, servedVersion } from './gardener-openapi.js';
import { removeStaleGenerated } from './generated-files.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** Provenance: what the module was generated from and with, and which kinds it holds. */
export function bindingHeader(spec: BindingModuleSpec, gardenerVersion: string): string[] {
  const byVersion = new Map<string, string[]>();
  for (const { version, kind } of spec.kinds) byVersion.set(version, [...(byVersion.get(version) ?? []), kind]);
  return [
    `${GARDENER_GENERATED_MARKER} (npm run generate:gardener). Do not edit.`,
    `// API group ${spec.group} from the OpenAPI v3 served by gardener-apiserver ${gardenerVersion},`,
    `// with json2jsii ${versionOf('json2jsii')} and the class template of cdk8s-cli ${versionOf('cdk8s-cli')}. Kinds:`,
    ...[...byVersion].map(([version, kinds]) => `//   ${version}: ${kinds.join(', ')}`),
  ];
}

export interface GenerateGardenerBindingsOptions {
  /** Where to write `<group>.ts`; defaults to charts/imports/gardener/. Tests pass a temp dir. */
  readonly outDir?: string;
  /** Kubeconfig of a running gardener-apiserver (envtest format); without it the envtest control plane is started. */
  readonly kubeconfig?: string;
  readonly log?: (line: string) => void;
}

/** Generates one module per API group; returns the absolute paths written, sorted. */
export async function generateGardenerBindings(options: GenerateGardenerBindingsOptions = {}): Promise<string[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!options.kubeconfig) {
    const plane = await startControlPlane((line) => log(`envtest: ${line}`));
    try {
      return await generateGardenerBindings({ ...options, kubeconfig: plane.gardenerKubeconfig });
    } finally {
      await plane.stop();
    }
  }
  const outDir = resolve(options.outDir ?? GARDENER_OUT_DIR);
  const gardenerVersion = await servedVersion(options.kubeconfig);
  const documents = await fetchOpenApiDocuments(options.kubeconfig, GARDENER_BINDING_MODULES.flatMap(groupVersionsOf));
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const spec of GARDENER_BINDING_MODULES) {
    const target = join(outDir, `${spec.group}.ts`);
    await writeFile(target, renderBindingModule(spec, documents, bindingHeader(spec, gardenerVersion)));
    written.push(target);
  }
  await removeStaleGenerated(outDir, GARDENER_GENERATED_MARKER, new Set(written.map((p) => relative(outDir, p))));
  return written.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generateGardenerBindings()
    .then((files) => {
      for (const f of files) console.log(`wrote ${relative(process.cwd(), f)}`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    });
}
