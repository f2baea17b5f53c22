// Shared plumbing of the stand-ins: a node:http server that records every request, JSON and SSE
// helpers, and a rough token count. Dependency-free (Node >= 20).
import http from 'node:http';
import { randomBytes } from 'node:crypto';

export const randomId = (prefix, bytes = 12) => `${prefix}${randomBytes(bytes).toString('hex')}`;

/** ~4 characters per token: good enough for usage numbers that are > 0 and grow with the input. */
export const approxTokens = (value) => Math.max(1, Math.ceil((typeof value === 'string' ? value : JSON.stringify(value ?? '')).length / 4));

/** Splits text into chunks of about `size` characters (at least one chunk, possibly empty). */
export function chunks(text, size = 24) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export function sendJson(res, status, body, headers = {}) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

/** Server-sent events: `event: <type>` + `data: <json>` per event, as both real APIs send them. */
export function openSse(res, headers = {}) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  const events = [];
  return {
    events,
    send(type, data) {
      events.push(type);
      res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end: () => new Promise((resolve) => res.end(resolve)),
  };
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie']);

/**
 * Starts a server on host:port (port 0: any free port). `handle(req, res, record)` answers; `record` is
 * this request's entry in `requests` (method, path, query, headers without secrets, body, at) and the
 * handler adds what tests assert on (status, kind, turn, ...). `onUpgrade(req, socket, record)` gets
 * WebSocket/other upgrade attempts.
 */
export async function startRecordingServer({ host = '127.0.0.1', port = 0, handle, onUpgrade }) {
  const requests = [];
  const record = (req, body) => {
    const url = new URL(req.url, 'http://stub');
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !SECRET_HEADERS.has(k)));
    const entry = {
      seq: requests.length,
      at: Date.now(),
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    };
    requests.push(entry);
    return entry;
  };
  const server = http.createServer((req, res) => {
    const parts = [];
    req.on('data', (d) => parts.push(d));
    req.on('end', async () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep the raw text: the handler answers 400 like the real APIs */
      }
      const entry = record(req, body);
      entry.invalidJson = raw !== '' && typeof body === 'string';
      try {
        await handle(req, res, entry);
      } catch (err) {
        entry.error = String(err?.stack || err);
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(err?.message || err) } });
        else res.end();
      }
    });
  });
  server.on('upgrade', (req, socket) => {
    const entry = record(req, undefined);
    entry.upgrade = req.headers.upgrade;
    if (onUpgrade) onUpgrade(req, socket, entry);
    else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  const url = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
  return {
    url,
    port: addr.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
