import type { Server } from 'node:http';
import { createApp } from './app';
import type { ApiDeps } from './context';

export interface RunningApi {
  port: number;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes idle sockets. */
  close(graceMs?: number): Promise<void>;
}

export function startApi(deps: ApiDeps, port: number, host = '0.0.0.0'): Promise<RunningApi> {
  const app = createApp(deps);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        port: bound,
        server,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
