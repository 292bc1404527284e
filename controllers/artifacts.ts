// controllers/artifacts.json: the one place for each controller's version and its image and chart
// references. People edit versions and repositories; `npm run build` writes the digests; the
// charts, dist/ and the build read them through this module, so all agree on one shape.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const artifactsFile = fileURLToPath(new URL('./artifacts.json', import.meta.url));

/** `sha256:` and 64 lowercase hex digits, as OCI content digests are written. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * An OCI repository without scheme, tag or digest: a registry host (with optional port) and a path of
 * lowercase components (the distribution reference grammar), e.g. `ghcr.io/metal-garden/os-metal`.
 */
export const OCI_REPOSITORY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** The digest an entry carries until its first build: names no image. */
export const placeholderDigest = `sha256:${'0'.repeat(64)}`;

const repository = z.string().regex(OCI_REPOSITORY, { error: 'must be an OCI repository without scheme, tag or digest, e.g. ghcr.io/metal-garden/os-metal' });
const digest = z.string().regex(SHA256_DIGEST, { error: 'must be sha256:<64 lowercase hex digits>' });
const version = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { error: 'must be a semantic version without "v", e.g. 0.1.0' });

export const controllerArtifacts = z.strictObject({
  /** The controller's version: the image's org.opencontainers.image.version and its tag when pushed. */
  version,
  image: z.strictObject({ repository, digest }),
  chart: z.strictObject({ repository, version, digest: digest.nullable().describe('null while no build determines it (see controllers/build/README.md)') }),
});
export type ControllerArtifacts = z.infer<typeof controllerArtifacts>;
export type Artifacts = Readonly<Record<string, ControllerArtifacts>>;

const controllerName = /^[a-z0-9][a-z0-9-]*$/;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}

/** Parses the file's text; an error names the file, the field path, the value and what is expected. */
export function parseArtifacts(text: string, file = artifactsFile): Artifacts {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${file}: (root): expected an object of controller entries`);
  const problems: string[] = [];
  const artifacts: Record<string, ControllerArtifacts> = {};
  for (const [name, entry] of Object.entries(json)) {
    if (!controllerName.test(name)) {
      problems.push(`${JSON.stringify(name)}: must be a controller folder name (lowercase letters, digits, '-')`);
      continue;
    }
    const parsed = controllerArtifacts.safeParse(entry);
    if (parsed.success) artifacts[name] = parsed.data;
    for (const issue of parsed.error?.issues ?? []) {
      const value = valueAt(entry, issue.path);
      problems.push(`${[name, ...issue.path.map(String)].join('.')}: got ${value === undefined ? 'nothing' : JSON.stringify(value)}: ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return artifacts;
}

export function readArtifacts(file = artifactsFile): Artifacts {
  return parseArtifacts(readFileSync(file, 'utf8'), file);
}

/** The entry of `controller`; an error names what is there instead. */
export function controllerArtifactsOf(artifacts: Artifacts, controller: string): ControllerArtifacts {
  const entry = artifacts[controller];
  if (!entry) throw new Error(`${artifactsFile}: no entry ${JSON.stringify(controller)}; entries: ${Object.keys(artifacts).join(', ') || 'none'}`);
  return entry;
}

/**
 * The file's text: controllers sorted by name, keys in the contract's order, two-space JSON
 * (what Prettier keeps), trailing newline. The same artifacts always give the same bytes.
 */
export function formatArtifacts(artifacts: Artifacts): string {
  const ordered = Object.fromEntries(
    Object.keys(artifacts)
      .sort()
      .map((name) => {
        const a = artifacts[name]!;
        return [
          name,
          {
            version: a.version,
            image: { repository: a.image.repository, digest: a.image.digest },
            chart: { repository: a.chart.repository, version: a.chart.version, digest: a.chart.digest },
          },
        ];
      }),
  );
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Writes the file only when its bytes change; returns whether it did. */
export function writeArtifacts(artifacts: Artifacts, file = artifactsFile): boolean {
  const text = formatArtifacts(artifacts);
  if (readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/** `repository@digest`: how dist/ and the charts reference an image. */
export function imageByDigest(image: { readonly repository: string; readonly digest: string }): string {
  return `${image.repository}@${image.digest}`;
}
