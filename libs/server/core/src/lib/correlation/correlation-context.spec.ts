import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { correlatedFetch, currentCorrelationId, normaliseCorrelationId, runWithCorrelationId } from './correlation-context';

describe('correlation context', () => {
  it('forwards the current correlation id on outgoing calls to a real server', async () => {
    let seen: IncomingHttpHeaders = {};
    const server = createServer((req, res) => {
      seen = req.headers;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await runWithCorrelationId('corr-77', async () => {
        await new Promise((r) => setTimeout(r, 5)); // survives async hops
        expect(currentCorrelationId()).toBe('corr-77');
        await (await correlatedFetch(url)).text();
      });
      expect(seen['x-correlation-id']).toBe('corr-77');
      await (await correlatedFetch(url)).text();
      expect(seen['x-correlation-id']).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it('only accepts short, header-safe ids', () => {
    expect(normaliseCorrelationId('ok-1.2:3_4')).toBe('ok-1.2:3_4');
    for (const bad of ['', 'a\r\nSet-Cookie: x', 'x'.repeat(129), 42, undefined]) {
      expect(normaliseCorrelationId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
