// Writes an OCI image layout (image-spec v1.1: oci-layout, index.json, blobs/sha256/) from layer
// tarballs and a config, byte for byte the same for the same inputs: JSON with a fixed key order
// and no whitespace, a fixed `created`, gzip without a timestamp. The manifest digest this returns
// is what a registry reports after a copy that keeps the blobs (skopeo copy --preserve-digests,
// crane push, oras cp); a tool that recompresses layers would change it.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipDeterministic } from './gzip.js';

export const mediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface LayerInput {
  /** Uncompressed tar. */
  readonly tar: Buffer;
  /** history[].created_by: what made the layer. */
  readonly createdBy: string;
}

export interface ImageConfig {
  readonly user: string;
  readonly entrypoint: readonly string[];
  readonly workingDir: string;
  readonly env: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImageInput {
  readonly layers: readonly LayerInput[];
  readonly config: ImageConfig;
  /** Manifest annotations (org.opencontainers.image.*). */
  readonly annotations: Readonly<Record<string, string>>;
  /** index.json's org.opencontainers.image.ref.name, so `oci:<dir>:<ref>` names the image. */
  readonly refName: string;
  /** RFC 3339 time for `created` (config and history). */
  readonly created: string;
}

export interface WrittenImage {
  readonly manifest: Descriptor;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  /** Sum of the blobs' sizes: what a pull transfers when no layer is cached. */
  readonly compressedSize: number;
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

class BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  }

  put(mediaType: string, data: Buffer, annotations?: Record<string, string>): Descriptor {
    const digest = sha256(data);
    writeFileSync(join(this.dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), data);
    return annotations ? { mediaType, digest, size: data.length, annotations } : { mediaType, digest, size: data.length };
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Replaces `dir` with the layout of one image (linux/amd64). */
export async function writeOciLayout(dir: string, image: ImageInput): Promise<WrittenImage> {
  rmSync(dir, { recursive: true, force: true });
  const blobs = new BlobStore(dir);
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const layer of image.layers) {
    diffIds.push(sha256(layer.tar));
    layers.push(blobs.put(mediaTypes.layerGzip, await gzipDeterministic(layer.tar)));
  }
  const config = blobs.put(
    mediaTypes.config,
    json({
      created: image.created,
      architecture: 'amd64',
      os: 'linux',
      config: {
        User: image.config.user,
        Env: image.config.env,
        Entrypoint: image.config.entrypoint,
        WorkingDir: image.config.workingDir,
        Labels: image.config.labels,
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: image.layers.map((l) => ({ created: image.created, created_by: l.createdBy })),
    }),
  );
  const manifest = blobs.put(mediaTypes.manifest, json({ schemaVersion: 2, mediaType: mediaTypes.manifest, config, layers, annotations: image.annotations }));
  writeFileSync(join(dir, 'oci-layout'), json({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    json({ schemaVersion: 2, mediaType: mediaTypes.index, manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': image.refName } }] }),
  );
  return { manifest, config, layers, compressedSize: manifest.size + config.size + layers.reduce((n, l) => n + l.size, 0) };
}
