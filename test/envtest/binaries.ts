// The binaries built from Go modules: the three control-plane servers, the tools tests run
// (helm and kustomize for the chart tests, metal-stack's admission webhook for the dist/ tests, sops
// for the encrypted Secret stubs)
// and the simulated cluster's processes (kube-controller-manager, KWOK, the Flux controllers, an
// OCI registry; see simulated-cluster.ts). For each: which wrapper module builds it, which upstream
// module pins its version, and how to ask a built binary what it is. The version itself
// is read from the wrapper's go.mod, so go.mod stays the only place a version is written.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerName = 'etcd' | 'kube-apiserver' | 'gardener-apiserver';
export type ToolName = 'helm' | 'kustomize' | 'admission-metal' | 'flux-cel-health' | 'sops';
export type ClusterName = 'kube-controller-manager' | 'kube-scheduler' | 'kwok' | 'source-controller' | 'kustomize-controller' | 'helm-controller' | 'registry';
export type BinaryName = ServerName | ToolName | ClusterName;
/**
 * Servers make up the test control plane; tools are run by tests (see test/charts/); cluster
 * binaries make up the simulated cluster next to the control plane (simulated-cluster.ts).
 */
export type BinaryRole = 'server' | 'tool' | 'cluster';

export interface BinarySpec {
  name: BinaryName;
  role: BinaryRole;
  /**
   * Wrapper module directory: go.mod and go.sum, plus main.go for the servers. The tools have
   * no main.go: their go.mod names the upstream command with a `tool` directive.
   */
  moduleDir: string;
  /** What `go build` builds inside moduleDir: `.` (main.go) or the upstream command's package. */
  buildPackage: string;
  /** Upstream module whose required version is the binary's version. */
  versionModule: string;
  /** Version as written in go.mod, e.g. v1.36.3. */
  version: string;
  /**
   * Arguments that make the binary print its version and exit; `buildinfo` for binaries that
   * have no version flag (the Flux controllers): then `go version -m` reads the module versions
   * the Go linker recorded in the binary.
   */
  versionArgs: string[] | 'buildinfo';
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

type SpecDetails = Omit<BinarySpec, 'name' | 'role' | 'moduleDir' | 'buildPackage' | 'versionModule' | 'version'>;

function spec(name: ServerName, versionModule: string, make: (version: string) => SpecDetails): BinarySpec {
  const moduleDir = join(cmdDir, name);
  const version = requiredVersion(join(moduleDir, 'go.mod'), versionModule);
  return { name, role: 'server', moduleDir, buildPackage: '.', versionModule, version, ...make(version) };
}

/**
 * A binary built from its wrapper's main.go (buildPackage `.`) or straight from its upstream
 * command package (named by the go.mod `tool` directive).
 */
function wrapped(
  role: BinaryRole,
  name: ToolName | ClusterName,
  versionModule: string,
  buildPackage: string,
  make: (version: string, goMod: string) => SpecDetails,
): BinarySpec {
  const moduleDir = join(cmdDir, name);
  const goMod = join(moduleDir, 'go.mod');
  const version = requiredVersion(goMod, versionModule);
  return { name, role, moduleDir, buildPackage, versionModule, version, ...make(version, goMod) };
}

function tool(name: ToolName, versionModule: string, buildPackage: string, make: (version: string, goMod: string) => SpecDetails): BinarySpec {
  return wrapped('tool', name, versionModule, buildPackage, make);
}

/**
 * A Flux controller, built from its module's root package (go.mod `tool` directive). The
 * controllers have no version flag and their release build stamps nothing, so the cached binary
 * is checked by the module version its build info records.
 */
function fluxController(name: ClusterName, versionModule: string): BinarySpec {
  return wrapped('cluster', name, versionModule, versionModule, (version) => ({
    versionArgs: 'buildinfo',
    expectedVersionText: `${versionModule}\t${version}`,
    versionVars: () => ({}),
  }));
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
    tool('admission-metal', 'github.com/metal-stack/gardener-extension-provider-metal', '.', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `gardener-extension-admission-metal ${version}`,
      versionVars: (commit, buildDate) => ({
        ...componentBaseVars(version, commit, buildDate),
        'k8s.io/component-base/version/verflag.programName': 'gardener-extension-admission-metal',
      }),
    })),
    tool('helm', 'helm.sh/helm/v3', 'helm.sh/helm/v3/cmd/helm', (version, goMod) => ({
      versionArgs: ['version', '--template', '{{.Version}} {{.GitCommit}}'],
      expectedVersionText: version,
      // The variables helm's own Makefile sets. chartutil's k8sVersion{Major,Minor} are helm's
      // default Capabilities.KubeVersion (used when no --kube-version is given); the Makefile
      // derives them from the client-go it builds with (major 0 -> Kubernetes 1), so do we.
      versionVars: (commit): Record<string, string> => {
        const clientGo = majorMinor(requiredVersion(goMod, 'k8s.io/client-go'));
        const k8sMajor = String(Number(clientGo.major) + 1);
        return {
          'helm.sh/helm/v3/internal/version.version': version,
          'helm.sh/helm/v3/internal/version.metadata': '',
          'helm.sh/helm/v3/internal/version.gitCommit': commit ?? '',
          'helm.sh/helm/v3/internal/version.gitTreeState': 'clean',
          'helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor': k8sMajor,
          'helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor': clientGo.minor,
          'helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor': k8sMajor,
          'helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor': clientGo.minor,
        };
      },
    })),
    tool('kustomize', 'sigs.k8s.io/kustomize/kustomize/v5', 'sigs.k8s.io/kustomize/kustomize/v5', (version) => ({
      versionArgs: ['version'],
      // kustomize reads its version from the build info of its own module (provenance.FindVersion),
      // so a module build reports the release by itself; only the build date needs stamping.
      expectedVersionText: version,
      versionVars: (_commit, buildDate): Record<string, string> => ({
        'sigs.k8s.io/kustomize/api/provenance.buildDate': buildDate,
      }),
    })),
    // Flux's CEL health-check evaluation (fluxcd/pkg/runtime/cel at the version kustomize-controller
    // pins), run on the health-case table (test/unit/delivery/health-cases.ts). Its --version names the
    // fluxcd/pkg/runtime version from the binary's own build info, so nothing needs stamping.
    tool('flux-cel-health', 'github.com/fluxcd/pkg/runtime', '.', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: `flux-cel-health fluxcd/pkg/runtime ${version}`,
      versionVars: (): Record<string, string> => ({}),
    })),
    // SOPS, which encrypts the Secret stubs of `spec.delivery.secrets.mode: sops` (test/integration/sops*).
    // Its version is a variable of its source (version.Version) that each release sets, so nothing needs
    // stamping; --disable-version-check keeps --version from asking GitHub for the latest release.
    tool('sops', 'github.com/getsops/sops/v3', 'github.com/getsops/sops/v3/cmd/sops', (version) => ({
      versionArgs: ['--version', '--disable-version-check'],
      expectedVersionText: `sops ${version.slice(1)}`,
      versionVars: (): Record<string, string> => ({}),
    })),
    // The simulated cluster (simulated-cluster.ts). kube-controller-manager and kube-scheduler come
    // from the same k8s.io/kubernetes release (and pins) as kube-apiserver, so they reuse most of its compiled packages.
    ...(['kube-controller-manager', 'kube-scheduler'] as const).map((name) =>
      wrapped('cluster', name, 'k8s.io/kubernetes', '.', (version) => ({
        versionArgs: ['--version'],
        expectedVersionText: `Kubernetes ${version}`,
        versionVars: (commit, buildDate) => componentBaseVars(version, commit, buildDate),
      })),
    ),
    // kwok's version is a constant of its source (pkg/consts.Version), as its release script sets it.
    wrapped('cluster', 'kwok', 'sigs.k8s.io/kwok', 'sigs.k8s.io/kwok/cmd/kwok', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: version.slice(1),
      versionVars: () => ({}),
    })),
    fluxController('source-controller', 'github.com/fluxcd/source-controller'),
    fluxController('kustomize-controller', 'github.com/fluxcd/kustomize-controller'),
    fluxController('helm-controller', 'github.com/fluxcd/helm-controller'),
    // distribution's Makefile stamps version.{version,revision}; `registry --version` prints them.
    wrapped('cluster', 'registry', 'github.com/distribution/distribution/v3', '.', (version) => ({
      versionArgs: ['--version'],
      expectedVersionText: version,
      versionVars: (commit): Record<string, string> => ({
        'github.com/distribution/distribution/v3/version.version': version,
        'github.com/distribution/distribution/v3/version.revision': commit ?? '',
      }),
    })),
  ];
}

export function binarySpecsOf(role: BinaryRole): BinarySpec[] {
  return binarySpecs().filter((s) => s.role === role);
}

export function binarySpec(name: BinaryName): BinarySpec {
  const found = binarySpecs().find((s) => s.name === name);
  if (!found) throw new Error(`unknown binary ${name}`);
  return found;
}
