// Runs one build tool (npm, apt-get, dpkg-deb, tar, gzip, helm) to completion and returns its
// output; a non-zero exit throws with the command and the tail of what it printed.
import { spawn } from 'node:child_process';

export interface ExecOptions {
  readonly cwd?: string;
  /** Bytes written to the tool's stdin. */
  readonly input?: Buffer;
}

export interface ExecResult {
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => reject(new Error(`cannot run ${command}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-10).join('\n')}`));
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}
