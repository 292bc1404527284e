import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { projectRoot } from '../../../../generators/upstream.js';
import { requiredVersion } from '../../../envtest/binaries.js';

/**
 * The Kubernetes OpenAPI v3 documents (`api/openapi-spec/v3/*.json` of the k8s.io/kubernetes Go
 * module) are the schema of the core kinds. One configurable location:
 * METAL_GARDEN_K8S_OPENAPI (a folder holding those files), else the Go module cache entry of the
 * kube-apiserver version the integration tests build (test/envtest/cmd/kube-apiserver/go.mod),
 * downloaded through the Go module proxy on first use and cached there.
 */
export function kubernetesOpenApiDir(): string {
  const configured = process.env.METAL_GARDEN_K8S_OPENAPI;
  if (configured) {
    const dir = isAbsolute(configured) ? configured : resolve(projectRoot, configured);
    if (!existsSync(dir)) throw new Error(`METAL_GARDEN_K8S_OPENAPI=${configured}: ${dir} does not exist`);
    return dir;
  }
  const version = requiredVersion(join(projectRoot, 'test', 'envtest', 'cmd', 'kube-apiserver', 'go.mod'), 'k8s.io/kubernetes');
  const module = `k8s.io/kubernetes@${version}`;
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  let dir = join(modCache, 'k8s.io', `kubernetes@${version}`);
  if (!existsSync(dir)) {
    const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${module} failed: ${info.Error ?? 'no Dir'}`);
    dir = info.Dir;
  }
  return join(dir, 'api', 'openapi-spec', 'v3');
}

export interface OpenApiDocument {
  readonly id: string;
  readonly document: { components: { schemas: Record<string, Record<string, unknown>> } };
}

/** Every group-version document (`api__v1_openapi.json`, `apis__apps__v1_openapi.json`, ...). */
export function kubernetesOpenApiDocuments(dir = kubernetesOpenApiDir()): OpenApiDocument[] {
  return readdirSync(dir)
    .filter((f) => /^(api__v1|apis__[^_]+(?:_[^_]+)*__v[^_]+)_openapi\.json$/.test(f))
    .sort()
    .map((f) => ({ id: `https://kubernetes.io/openapi/v3/${f}`, document: JSON.parse(readFileSync(join(dir, f), 'utf8')) as OpenApiDocument['document'] }));
}
