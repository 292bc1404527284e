// controllers/artifacts.json: the one place for each controller's version and its image and
// chart references. People edit versions and repositories; `npm run build` writes the digests.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths.js';

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex digits>');
const semver = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version like 0.1.0');

const controllerArtifacts = z.strictObject({
  /** The controller's version: the image's org.opencontainers.image.version and its tag when pushed. */
  version: semver,
  image: z.strictObject({ repository: z.string().min(1), digest }),
  /** The Helm chart; chart.digest is null while the controller has no chart. */
  chart: z.strictObject({ repository: z.string().min(1), version: semver, digest: digest.nullable() }),
});

/** The digest an entry carries until its first build: names no image. */
export const placeholderDigest = `sha256:${'0'.repeat(64)}`;

export type ControllerArtifacts = z.infer<typeof controllerArtifacts>;
export type Artifacts = Readonly<Record<string, ControllerArtifacts>>;

const artifactsSchema = z.record(z.string(), controllerArtifacts);
const controllerName = /^[a-z0-9][a-z0-9-]*$/;

export const artifactsFile = join(repoRoot, 'controllers', 'artifacts.json');

export function parseArtifacts(text: string, file = artifactsFile): Artifacts {
  const json: unknown = JSON.parse(text);
  for (const name of typeof json === 'object' && json !== null ? Object.keys(json) : []) {
    if (!controllerName.test(name)) throw new Error(`${file}: key ${JSON.stringify(name)} must be a controller folder name (lowercase letters, digits, '-')`);
  }
  const parsed = artifactsSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function readArtifacts(file = artifactsFile): Artifacts {
  return parseArtifacts(readFileSync(file, 'utf8'), file);
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
