// Serves a built page on 127.0.0.1 (node:http, no dependencies): `npm run web` builds the page and
// serves it; the browser test serves it the same way.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWebExample } from './build.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A running static server. */
export interface StaticServer {
  /** Its address, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the files of `dir` (GET and HEAD only; nothing outside `dir`). Port 0 picks a free one. */
export async function serveStatic(dir: string, options: { readonly port?: number; readonly host?: string } = {}): Promise<StaticServer> {
  const root = normalize(dir + sep);
  const server = createServer((request, response) => {
    void respond(root, request, response);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${String(port)}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}

async function respond(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
  const type = TYPES[extname(file)];
  if (!file.startsWith(root) || type === undefined) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(404).end();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { dir } = await buildWebExample(join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '.tmp', 'web'));
  const server = await serveStatic(dir, { port: Number(process.env['PORT'] ?? 8080) });
  console.log(`The check-in page is at ${server.url} (Ctrl+C to stop)`);
}
