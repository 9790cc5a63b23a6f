import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdTokenIssuer } from './id-tokens.ts';

/**
 * The Workspace simulator: one loopback HTTP server that plays Google at its real paths, so the
 * real google-auth-library / googleapis clients can be pointed at it with HELIOS_GOOGLE_API_ORIGIN.
 * This part serves the ID-token certificates; the Directory and Licensing APIs join it with the sync.
 */
export interface Simulator {
  origin: string;
  idTokens: IdTokenIssuer;
  /** Requests received, by path (for tests that count round trips, e.g. certificate caching). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startSimulator(options: { port?: number; host?: string } = {}): Promise<Simulator> {
  const idTokens = new IdTokenIssuer();
  const requests = new Map<string, number>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    if (req.method === 'GET' && url.pathname === '/oauth2/v1/certs') {
      // Google serves these with a max-age of a few hours; clients cache by it.
      send(res, 200, idTokens.certs(), {
        'cache-control': 'public, max-age=21600, must-revalidate, no-transform',
      });
      return;
    }
    send(res, 404, {
      error: {
        code: 404,
        message: 'Not Found',
        errors: [{ message: 'Not Found', domain: 'global', reason: 'notFound' }],
      },
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    idTokens,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(text);
}
