#!/usr/bin/env node
// Runs one stand-in by hand (for trying a CLI against it, or writing parsers):
//   node tools/model-stubs/serve.mjs anthropic|responses [--script turns.json] [--host 172.30.0.1] [--port 0] [--key K]
// Prints the base URL and key on stdout, then one line per request on stderr; Ctrl-C stops it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startAnthropicStub } from './lib/anthropic.mjs';
import { startResponsesStub } from './lib/openai-responses.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    script: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    key: { type: 'string' },
  },
});
const kind = positionals[0];
if (!['anthropic', 'responses'].includes(kind)) {
  process.stderr.write('usage: serve.mjs anthropic|responses [--script turns.json] [--host H] [--port P] [--key K]\n');
  process.exit(2);
}
const script = values.script ? JSON.parse(readFileSync(values.script, 'utf8')) : [{ text: 'Hello from the Wharf model stand-in.' }];
const start = kind === 'anthropic' ? startAnthropicStub : startResponsesStub;
const stub = await start({ script, host: values.host, port: Number(values.port), ...(values.key ? { apiKey: values.key } : {}) });
process.stdout.write(`${kind} stand-in on ${stub.url} (key ${stub.apiKey}, ${script.length} scripted turns)\n`);
let seen = 0;
const tick = setInterval(() => {
  for (const r of stub.requests.slice(seen))
    process.stderr.write(
      `${new Date(r.at).toISOString()} ${r.method} ${r.path} ${r.kind ?? ''} -> ${r.status ?? '?'}${r.turn !== undefined ? ` turn ${r.turn}` : ''}${r.exhausted ? ' (script exhausted)' : ''}\n`,
    );
  seen = stub.requests.length;
}, 200);
process.on('SIGINT', async () => {
  clearInterval(tick);
  await stub.close();
  process.exit(0);
});
