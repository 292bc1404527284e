// A Git server on loopback for the simulated cluster: Git's own smart-HTTP implementation
// (`git http-backend`, the CGI program of the git package) behind a small Node HTTP server, serving
// a bare repository whose branch `main` is a commit of the checkout (so dist/ as committed). Read
// only: http-backend refuses pushes from unauthenticated clients. Tests move the branch with
// publish(), e.g. to a commit that renames a layer.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { KeyPair } from './certs.js';
import { join } from 'node:path';
import { loopback } from './ports.js';
import { run } from './run.js';

export interface GitServer {
  /** Clone URL, http(s)://127.0.0.1:<port>/<name>.git */
  readonly url: string;
  /** The branch served; it points at the commit last published. */
  readonly branch: string;
  /** The bare repository on disk. */
  readonly repoDir: string;
  /** Points `branch` at `commit` (any commit of `source`, fetched with its history). */
  publish(commit: string): Promise<void>;
  /** Requests answered so far (a test can tell the controller really fetched). */
  requests(): number;
  stop(): Promise<void>;
}

export interface GitServerOptions {
  /** A git checkout (work tree or repository) holding the commits to serve. */
  readonly source: string;
  /** The commit `branch` points at first, e.g. `git rev-parse HEAD`. */
  readonly commit: string;
  /** The directory the bare repository is created in. */
  readonly dir: string;
  /** @default 'metal-garden' */
  readonly name?: string;
  /** @default 'main' */
  readonly branch?: string;
  /**
   * Serve HTTPS with this certificate (PEM files; it must name 127.0.0.1, e.g. the control plane's
   * kube-apiserver serving certificate) instead of plain HTTP. A landscape accepts only https:// and
   * ssh:// repository URLs, so a test that synthesizes one for this server needs it.
   */
  readonly tls?: KeyPair;
}

async function git(args: string[], cwd: string): Promise<string> {
  const result = await run('git', args, { cwd, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** The CGI request http-backend reads from its environment (RFC 3875 names, as a web server sets them). */
function cgiEnvironment(req: IncomingMessage, projectRoot: string): NodeJS.ProcessEnv {
  const url = new URL(req.url ?? '/', `http://${loopback}`);
  const header = (name: string): string => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  return {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: projectRoot,
    // Serve every repository under the root without a git-daemon-export-ok marker.
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: header('content-type'),
    // http-backend inflates a gzipped upload-pack request itself.
    HTTP_CONTENT_ENCODING: header('content-encoding'),
    // Protocol v2 negotiation, as Git's documentation asks web servers to pass it on.
    GIT_PROTOCOL: header('git-protocol'),
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
  };
}

/** Runs http-backend for one request and relays its CGI answer (header block, then body). */
function serveCgi(req: IncomingMessage, res: ServerResponse, projectRoot: string): void {
  const child = spawn('git', ['http-backend'], { env: cgiEnvironment(req, projectRoot), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headerDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') + 4 : head.indexOf('\n\n') >= 0 ? head.indexOf('\n\n') + 2 : -1;
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end));
  });
  child.on('close', (code) => {
    if (!headerDone) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`git http-backend exited ${code} without an answer: ${stderr}`);
      return;
    }
    res.end();
  });
}

export async function startGitServer(options: GitServerOptions): Promise<GitServer> {
  const name = options.name ?? 'metal-garden';
  const branch = options.branch ?? 'main';
  const projectRoot = options.dir;
  const repoDir = join(projectRoot, `${name}.git`);
  mkdirSync(repoDir, { recursive: true });
  await git(['init', '--quiet', '--bare', `--initial-branch=${branch}`], repoDir);
  const publish = async (commit: string): Promise<void> => {
    // A forced push of the commit (not of a branch of the checkout): the served branch is
    // exactly this commit with its history, whatever the checkout's branches are.
    await git(['push', '--quiet', '--force', repoDir, `${commit}:refs/heads/${branch}`], options.source);
  };
  await publish(options.commit);

  let count = 0;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    count++;
    serveCgi(req, res, projectRoot);
  };
  const server = options.tls ? createHttpsServer({ cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) }, handler) : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the OS picks a free one as the server binds, so no other process can take it first.
    server.listen(0, loopback, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${options.tls ? 'https' : 'http'}://${loopback}:${port}/${name}.git`,
    branch,
    repoDir,
    publish,
    requests: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
