#!/usr/bin/env node
// Wharf's deterministic "scripted" agent: replays a JSON script as the JSON-lines stream an agent
// CLI would print. No dependencies; runs on Node >= 18. Protocol: docs/docker.md ("scripted agent").
//
//   wharf-scripted [SCRIPT.json | -] [--prompt TEXT] [--workspace DIR]
//   (no script argument, or "-": the script is read from stdin)
//
// Script: {"steps": [...], "usage"?: {...}} or just the array of steps. Steps:
//   {"type":"text","text":"…","chunkSize"?:n,"delayMs"?:n}  → text_delta lines
//   {"type":"tool_use","tool":"write_file","path":"…","content":"…","encoding"?:"utf8"|"base64"}
//                                                          → tool_use, then tool_result
//   {"type":"error","message":"…"}                         → error line (the run goes on)
//   {"type":"sleep","ms":n}                                → nothing, waits
//   {"type":"exit","code":n}                               → result line, exit with code n
// Output: one JSON object per line on stdout: start, text_delta, tool_use, tool_result, error,
// and always a final result (status success | error | cancelled, exitCode, text, usage).

import fs from 'node:fs';
import path from 'node:path';

const VERSION = '1.0.0';
const PROTOCOL = 1;
const TOOLS = new Set(['write_file']);

function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

function parseArgs(argv) {
  const opts = { script: undefined, prompt: '', workspace: process.env.WHARF_WORKSPACE || '/workspace' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version' || a === '-v') opts.version = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--prompt') opts.prompt = argv[++i] ?? '';
    else if (a === '--workspace') opts.workspace = argv[++i];
    else if (opts.script === undefined) opts.script = a;
    else throw new Error(`unexpected argument ${JSON.stringify(a)}`);
  }
  return opts;
}

function readScript(file) {
  if (file === undefined || file === '-') return fs.readFileSync(0, 'utf8');
  return fs.readFileSync(file, 'utf8');
}

const isInt = (n, min = 0, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(n) && n >= min && n <= max;

/** Returns the steps array or throws with a message naming the bad step. */
function validate(script) {
  const steps = Array.isArray(script) ? script : script && Array.isArray(script.steps) ? script.steps : null;
  if (!steps) throw new Error('script must be an array of steps or an object with a "steps" array');
  steps.forEach((s, i) => {
    const where = `step ${i + 1}`;
    if (!s || typeof s !== 'object') throw new Error(`${where}: not an object`);
    switch (s.type) {
      case 'text':
        if (typeof s.text !== 'string') throw new Error(`${where}: text must be a string`);
        if (s.chunkSize !== undefined && !isInt(s.chunkSize, 1)) throw new Error(`${where}: chunkSize must be an integer >= 1`);
        if (s.delayMs !== undefined && !isInt(s.delayMs, 0, 600_000)) throw new Error(`${where}: delayMs must be 0..600000`);
        break;
      case 'tool_use':
        if (!TOOLS.has(s.tool)) throw new Error(`${where}: unknown tool ${JSON.stringify(s.tool)} (known: ${[...TOOLS].join(', ')})`);
        if (typeof s.path !== 'string' || s.path === '') throw new Error(`${where}: path must be a non-empty string`);
        if (typeof s.content !== 'string') throw new Error(`${where}: content must be a string`);
        if (s.encoding !== undefined && s.encoding !== 'utf8' && s.encoding !== 'base64')
          throw new Error(`${where}: encoding must be utf8 or base64`);
        break;
      case 'error':
        if (typeof s.message !== 'string') throw new Error(`${where}: message must be a string`);
        break;
      case 'sleep':
        if (!isInt(s.ms, 0, 3_600_000)) throw new Error(`${where}: ms must be 0..3600000`);
        break;
      case 'exit':
        if (!isInt(s.code, 0, 255)) throw new Error(`${where}: code must be 0..255`);
        break;
      default:
        throw new Error(`${where}: unknown type ${JSON.stringify(s.type)}`);
    }
  });
  return steps;
}

/**
 * Write a file inside the workspace. Refuses paths that leave it (.., absolute elsewhere) and any
 * symlink on the way (a symlinked directory or target could point outside).
 */
function writeFileInWorkspace(root, rel, data) {
  if (rel.includes('\0')) throw new Error('path contains a NUL byte');
  const rootAbs = path.resolve(root);
  const abs = path.resolve(rootAbs, rel);
  const inside = path.relative(rootAbs, abs);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    throw new Error(`path escapes ${rootAbs}: ${rel}`);
  }
  const parts = inside.split(path.sep);
  let cur = rootAbs;
  for (const part of parts.slice(0, -1)) {
    cur = path.join(cur, part);
    let st;
    try {
      st = fs.lstatSync(cur);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
      fs.mkdirSync(cur);
      continue;
    }
    if (st.isSymbolicLink()) throw new Error(`refusing to follow symlink ${cur}`);
    if (!st.isDirectory()) throw new Error(`not a directory: ${cur}`);
  }
  let fd;
  try {
    fd = fs.openSync(abs, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if (err.code === 'ELOOP') throw new Error(`refusing to write through symlink ${abs}`);
    throw err;
  }
  try {
    fs.writeSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
  return abs;
}

const tokens = (chars) => Math.ceil(chars / 4);

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`wharf-scripted: ${err.message}\n`);
    return 2;
  }
  if (opts.version) {
    process.stdout.write(`wharf-scripted ${VERSION} (protocol ${PROTOCOL})\n`);
    return 0;
  }
  if (opts.help) {
    process.stdout.write('usage: wharf-scripted [SCRIPT.json | -] [--prompt TEXT] [--workspace DIR]\n');
    return 0;
  }

  const t0 = Date.now();
  let text = '';
  let outputChars = 0;
  let errors = 0;
  let stepsRun = 0;
  let script = null;
  const finish = (status, exitCode) => {
    const u = (script && !Array.isArray(script) && script.usage) || {};
    emit({
      type: 'result',
      status,
      exitCode,
      text,
      usage: {
        input_tokens: isInt(u.input_tokens) ? u.input_tokens : tokens(opts.prompt.length),
        output_tokens: isInt(u.output_tokens) ? u.output_tokens : tokens(outputChars),
        cost_usd: typeof u.cost_usd === 'number' ? u.cost_usd : 0,
      },
      steps: stepsRun,
      errors,
      durationMs: Date.now() - t0,
    });
    return exitCode;
  };
  for (const [sig, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ]) {
    process.on(sig, () => {
      finish('cancelled', code);
      process.exit(code);
    });
  }

  let steps;
  try {
    script = JSON.parse(readScript(opts.script));
    steps = validate(script);
  } catch (err) {
    emit({ type: 'error', message: `invalid script: ${err.message}` });
    errors++;
    return finish('error', 2);
  }

  emit({
    type: 'start',
    agent: 'wharf-scripted',
    version: VERSION,
    protocol: PROTOCOL,
    workspace: path.resolve(opts.workspace),
    steps: steps.length,
  });
  let toolSeq = 0;
  for (const step of steps) {
    stepsRun++;
    switch (step.type) {
      case 'text': {
        const chars = Array.from(step.text); // code points: never split a surrogate pair
        const size = step.chunkSize || Math.max(chars.length, 1);
        for (let i = 0; i < chars.length; i += size) {
          if (i > 0 && step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
          const chunk = chars.slice(i, i + size).join('');
          emit({ type: 'text_delta', text: chunk });
        }
        text += step.text;
        outputChars += step.text.length;
        break;
      }
      case 'tool_use': {
        const id = `tool_${++toolSeq}`;
        const input = { path: step.path, content: step.content, ...(step.encoding ? { encoding: step.encoding } : {}) };
        emit({ type: 'tool_use', id, tool: step.tool, input });
        outputChars += step.path.length + step.content.length;
        try {
          const data = Buffer.from(step.content, step.encoding === 'base64' ? 'base64' : 'utf8');
          const abs = writeFileInWorkspace(opts.workspace, step.path, data);
          emit({ type: 'tool_result', id, tool: step.tool, ok: true, output: `wrote ${data.length} bytes to ${abs}` });
        } catch (err) {
          // A refused or failed tool call is the tool's result, not a failure of the run.
          emit({ type: 'tool_result', id, tool: step.tool, ok: false, error: err.message });
        }
        break;
      }
      case 'error':
        errors++;
        emit({ type: 'error', message: step.message });
        break;
      case 'sleep':
        await new Promise((r) => setTimeout(r, step.ms));
        break;
      case 'exit':
        return finish(step.code === 0 && errors === 0 ? 'success' : 'error', step.code);
    }
  }
  return finish(errors === 0 ? 'success' : 'error', 0);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    emit({ type: 'error', message: `internal error: ${err.message}` });
    process.exitCode = 70;
  },
);
