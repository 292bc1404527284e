// Layer compression with GNU gzip rather than node:zlib: Node bundles Chromium's zlib fork,
// whose deflate output may depend on the CPU features it detects, while `gzip -n` (no name, mtime
// 0 in the header) gives the same bytes for the same input on any machine with the same gzip (1.12
// in Debian bookworm; its deflate has not changed output in decades). gzip is Essential in Debian,
// so nothing extra is installed. Level 6 (the default): -9 took 13.5 s instead of 4.5 s on the
// 99 MB node binary here for 0.7 % smaller output.
import { exec } from './exec.js';

export async function gzipDeterministic(data: Buffer): Promise<Buffer> {
  return (await exec('gzip', ['-n', '-6', '-c'], { input: data })).stdout;
}

/** `gzip 1.12`, recorded so a changed gzip is visible next to a changed digest. */
export async function gzipVersion(): Promise<string> {
  return (await exec('gzip', ['--version'])).stdout.toString('utf8').split('\n')[0] ?? 'gzip (unknown version)';
}
