// The envtest binaries (the three control-plane servers and metal-stack's admission webhook):
// which wrapper module builds each, which upstream module pins its version, and how to ask a
// built binary what it is. The version itself
// is read from the wrapper's go.mod, so go.mod stays the only place a version is written.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BinaryName = 'etcd' | 'kube-apiserver' | 'gardener-apiserver' | 'admission-metal';

export interface BinarySpec {
  name: BinaryName;
  /** Wrapper module directory (contains go.mod, go.sum, main.go). */
  moduleDir: string;
  /** Upstream module whose required version is the binary's version. */
  versionModule: string;
  /** Version as written in go.mod, e.g. v1.36.3. */
  version: string;
  /** Arguments that make the binary print its version and exit. */
  versionArgs: string[];
  /** Text the version output must contain for a cached binary to count as current. */
  expectedVersionText: string;
  /** `-X` assignments so that /version and --version tell the truth. */
  versionVars: (commit: string | undefined, buildDate: string) => Record<string, string>;
}

const here = dirname(fileURLToPath(import.meta.url));
const cmdDir = join(here, 'cmd');

/** Reads the version a go.mod requires for `module` (fails loudly if it is not required). */
export function requiredVersion(goModPath: string, module: string): string {
  const text = readFileSync(goModPath, 'utf8');
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`${goModPath} does not require ${module}`);
  return match[1];
}

function majorMinor(version: string): { major: string; minor: string } {
  const m = /^v(\d+)\.(\d+)\./.exec(version);
  if (!m?.[1] || !m[2]) throw new Error(`not a semantic version: ${version}`);
  return { major: m[1], minor: m[2] };
}

/** The k8s.io/component-base/version variables that kube-style servers report on /version. */
function componentBaseVars(version: string, commit: string | undefined, buildDate: string): Record<string, string> {
  const { major, minor } = majorMinor(version);
  const pkg = 'k8s.io/component-base/version';
  return {
    [`${pkg}.gitVersion`]: version,
    [`${pkg}.gitMajor`]: major,
    [`${pkg}.gitMinor`]: minor,
    [`${pkg}.gitTreeState`]: 'clean',
    [`${pkg}.buildDate`]: buildDate,
    // Empty rather than upstream's "$Format:%H$" placeholder when the proxy does not know it.
    [`${pkg}.gitCommit`]: commit ?? '',
  };
}

function spec(
  name: BinaryName,
  versionModule: string,
  make: (version: string) => Omit<BinarySpec, 'name' | 'moduleDir' | 'versionModule' | 'version'>,
): BinarySpec {
  const moduleDir = join(cmdDir, name);
  const version = requiredVersion(join(moduleDir, 'go.mod'), versionModule);
  return { name, moduleDir, versionModule, version, ...make(version) };
}

export function binarySpecs(): BinarySpec[] {
  return [
    spec('etcd', 'go.etcd.io/etcd/server/v3', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `etcd Version: ${version.slice(1)}`,
      // etcd's Version is a constant-like var that already matches the module release;
      // only the commit is unknown to a module build unless the proxy reports it.
      versionVars: (commit): Record<string, string> => (commit ? { 'go.etcd.io/etcd/api/v3/version.GitSHA': commit } : {}),
    })),
    spec('kube-apiserver', 'k8s.io/kubernetes', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `Kubernetes ${version}`,
      versionVars: (commit, buildDate) => componentBaseVars(version, commit, buildDate),
    })),
    spec('gardener-apiserver', 'github.com/gardener/gardener', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `Gardener ${version}`,
      // Gardener's own release build writes its version into component-base and names
      // the program "Gardener" for --version; we do the same.
      versionVars: (commit, buildDate) => ({
        ...componentBaseVars(version, commit, buildDate),
        'k8s.io/component-base/version/verflag.programName': 'Gardener',
      }),
    })),
    // provider-metal's admission (validator only, see cmd/admission-metal/main.go). Its
    // --version is component-base's verflag, like Gardener's; named after the upstream command.
    spec('admission-metal', 'github.com/metal-stack/gardener-extension-provider-metal', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `gardener-extension-admission-metal ${version}`,
      versionVars: (commit, buildDate) => ({
        ...componentBaseVars(version, commit, buildDate),
        'k8s.io/component-base/version/verflag.programName': 'gardener-extension-admission-metal',
      }),
    })),
  ];
}

export function binarySpec(name: BinaryName): BinarySpec {
  const found = binarySpecs().find((s) => s.name === name);
  if (!found) throw new Error(`unknown binary ${name}`);
  return found;
}
