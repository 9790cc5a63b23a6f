import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../src/app.ts';
import type { DB } from '../../src/db/connection.ts';
import { createLogger } from '../../src/logger.ts';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the real app on an ephemeral loopback port: API tests go through real HTTP. */
export async function startTestServer(db: DB): Promise<TestServer> {
  const app = createApp({ db, logger: createLogger('silent') });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
