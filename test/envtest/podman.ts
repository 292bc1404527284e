// Runs OCI images under podman for tests: load an OCI image layout (no registry), start a
// container with the flags this machine needs, talk to it, remove it. Debian's podman with runc
// (Debian's crun fails on this machine's hybrid cgroups) and the ulimits podman cannot raise here
// by default. A missing podman is an error with the install hint, never a skip.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loopback } from './ports.js';
import { run, type RunResult } from './run.js';

export const podmanInstallHint = 'apt-get install -y --no-install-recommends podman runc (Debian packages; .ci/run installs them)';

/** Flags every `podman run` here gets. */
export const podmanRunFlags = ['--runtime', 'runc', '--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=32768:32768'] as const;

async function podman(args: string[], what: string, timeoutMs = 120_000): Promise<RunResult> {
  const result = await run('podman', args, { timeoutMs }).catch((err: Error) => {
    throw new Error(`${what}: ${err.message}; install podman: ${podmanInstallHint}`);
  });
  if (result.code !== 0) throw new Error(`${what}: podman ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim()}`);
  return result;
}

/** podman's version ("4.3.1"); throws with the install hint when podman or runc is missing. */
export async function requirePodman(): Promise<string> {
  const version = (await podman(['version', '--format', '{{.Client.Version}}'], 'podman is required')).stdout.trim();
  await run('runc', ['--version']).catch((err: Error) => {
    throw new Error(`runc is required (podman runs containers with --runtime runc here): ${err.message}; ${podmanInstallHint}`);
  });
  return version;
}

/**
 * Loads the image `ref` (index.json's org.opencontainers.image.ref.name) of the OCI layout in
 * `layoutDir` into podman's local storage through the `oci:` transport; returns the image ID
 * (podman's ID is the config digest's hex). podman names the image after the layout's path and
 * refuses upper-case letters there (mkdtemp's names have them), so it reads the layout through a
 * lower-case symlink; the image is then `localhost/<tmp>/metal-garden-oci-<hash>:<ref>`.
 */
export async function loadOciLayout(layoutDir: string, ref: string): Promise<string> {
  const alias = join(tmpdir(), `metal-garden-oci-${createHash('sha256').update(resolve(layoutDir)).digest('hex').slice(0, 12)}`);
  rmSync(alias, { force: true });
  symlinkSync(resolve(layoutDir), alias);
  try {
    return (await podman(['pull', '--quiet', `oci:${alias}:${ref}`], `loading ${layoutDir}:${ref}`)).stdout.trim();
  } finally {
    rmSync(alias, { force: true });
  }
}

export async function removeImage(id: string): Promise<void> {
  await podman(['rmi', '--force', id], `removing image ${id}`);
}

export interface ContainerOptions {
  /** Container port → host port on 127.0.0.1. */
  readonly ports?: Readonly<Record<number, number>>;
  /**
   * --read-only --read-only-tmpfs=false: the root file system read-only and, unlike podman's
   * default for --read-only, no writable tmpfs on /tmp, /var/tmp and /run, as in a pod with
   * readOnlyRootFilesystem and no volumes.
   */
  readonly readOnly?: boolean;
  /** --user; default: the image's own User. */
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Arguments after the image (the entrypoint's args). */
  readonly args?: readonly string[];
  /**
   * `--network host`: the container reaches servers on the host's loopback (the test's
   * kube-apiserver) and its ports are the host's; `ports` is then ignored.
   */
  readonly hostNetwork?: boolean;
  /** Host path → container path, mounted read-only (as a ConfigMap or projected token is). */
  readonly readOnlyMounts?: Readonly<Record<string, string>>;
}

export interface ProcessIdentity {
  readonly uid: number;
  readonly gid: number;
}

export class PodmanContainer {
  constructor(
    readonly id: string,
    readonly name: string,
  ) {}

  /** The container's main process as the host sees it (podman inspect's State.Pid). */
  async pid(): Promise<number> {
    const pid = Number((await podman(['inspect', '--format', '{{.State.Pid}}', this.id], `inspecting ${this.name}`)).stdout.trim());
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`container ${this.name} has no running process (pid ${pid}); logs:\n${await this.logs()}`);
    return pid;
  }

  /** Real uid/gid of the main process, read from the host's /proc (no shell needed in the image). */
  async processIdentity(): Promise<ProcessIdentity> {
    const status = readFileSync(`/proc/${await this.pid()}/status`, 'utf8');
    const ids = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { uid: ids('Uid'), gid: ids('Gid') };
  }

  /** `podman exec` of a command inside the container; resolves with its result whatever the exit code. */
  exec(command: readonly string[]): Promise<RunResult> {
    return run('podman', ['exec', this.id, ...command], { timeoutMs: 60_000 });
  }

  async logs(): Promise<string> {
    const r = await run('podman', ['logs', this.id], { timeoutMs: 30_000 });
    return `${r.stdout}${r.stderr}`;
  }

  /** `podman stop` (SIGTERM, SIGKILL after `timeoutSeconds`); returns the exit code and how long stopping took. */
  async stop(timeoutSeconds = 10): Promise<{ exitCode: number; seconds: number }> {
    const started = performance.now();
    await podman(['stop', '--time', String(timeoutSeconds), this.id], `stopping ${this.name}`);
    const seconds = (performance.now() - started) / 1000;
    const exitCode = Number((await podman(['inspect', '--format', '{{.State.ExitCode}}', this.id], `inspecting ${this.name}`)).stdout.trim());
    return { exitCode, seconds };
  }

  async remove(): Promise<void> {
    await podman(['rm', '--force', '--time', '0', this.id], `removing container ${this.name}`);
  }
}

/** `podman run --detach` of `image` with podmanRunFlags. */
export async function runContainer(image: string, name: string, options: ContainerOptions = {}): Promise<PodmanContainer> {
  const args = ['run', '--detach', '--name', name, ...podmanRunFlags];
  if (options.readOnly) args.push('--read-only', '--read-only-tmpfs=false');
  if (options.user) args.push('--user', options.user);
  if (options.hostNetwork) args.push('--network', 'host');
  else for (const [container, host] of Object.entries(options.ports ?? {})) args.push('--publish', `${loopback}:${host}:${container}`);
  for (const [host, container] of Object.entries(options.readOnlyMounts ?? {})) args.push('--volume', `${host}:${container}:ro`);
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  args.push(image, ...(options.args ?? []));
  const id = (await podman(args, `starting ${name} from ${image}`)).stdout.trim();
  return new PodmanContainer(id, name);
}
