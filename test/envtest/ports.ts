// Free TCP ports on 127.0.0.1: the OS picks one for a throw-away listener. Another
// process could take it before the server binds it; a start-up failure then shows
// "address already in use" in the server's log tail.
import { createServer, type Server } from 'node:net';

export const loopback = '127.0.0.1';

/** Distinct free ports (the listeners are held until all are chosen, so no duplicates). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<Server>((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, loopback, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
