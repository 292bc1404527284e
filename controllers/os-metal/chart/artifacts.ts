// controllers/artifacts.json: the one place for a controller's version, image and chart references
// (`npm run build` records the digests). Read here so the chart and the bundle agree on its shape.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const ARTIFACTS_FILE = fileURLToPath(new URL('../../artifacts.json', import.meta.url));

/** `sha256:` and 64 lowercase hex digits, as OCI content digests are written. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * An OCI repository without scheme, tag or digest: a registry host (with optional port) and a path of
 * lowercase components (the distribution reference grammar), e.g. `ghcr.io/metal-garden/os-metal`.
 */
export const OCI_REPOSITORY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

const repository = z.string().regex(OCI_REPOSITORY, { error: 'must be an OCI repository without scheme, tag or digest, e.g. ghcr.io/metal-garden/os-metal' });
const digest = z.string().regex(SHA256_DIGEST, { error: 'must be sha256:<64 lowercase hex digits>' });
const version = z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { error: 'must be a semantic version without "v", e.g. 0.1.0' });

export const controllerArtifacts = z.strictObject({
  version,
  image: z.strictObject({ repository, digest }),
  chart: z.strictObject({ repository, version, digest: digest.nullable().describe('null until `npm run build` has packaged the chart') }),
});
export type ControllerArtifacts = z.infer<typeof controllerArtifacts>;

/** The parsed artifacts.json: one entry per controller. */
export type ArtifactsFile = Readonly<Record<string, unknown>>;

/** The entry of `controller`, checked; an error names the field path, the value and what is expected. */
export function controllerArtifactsOf(file: ArtifactsFile, controller: string): ControllerArtifacts {
  const result = controllerArtifacts.safeParse(file[controller]);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [controller, ...issue.path.map(String)].join('.');
    const value = issue.path.reduce<unknown>(
      (v, k) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      file[controller],
    );
    return `${path}: got ${value === undefined ? 'nothing' : JSON.stringify(value)}: ${issue.message}`;
  });
  throw new Error(`controllers/artifacts.json: ${problems.join('; ')}`);
}

/** Reads controllers/artifacts.json. */
export function readArtifactsFile(file = ARTIFACTS_FILE): ArtifactsFile {
  return JSON.parse(readFileSync(file, 'utf8')) as ArtifactsFile;
}

/** `repository@digest`: how dist/ and the chart reference an image. */
export function imageByDigest(image: { readonly repository: string; readonly digest: string }): string {
  return `${image.repository}@${image.digest}`;
}
