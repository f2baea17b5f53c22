import type { AgentProvider } from '@wharf/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventDraft } from '../events/event-draft';
import { ClaudeCodeParser } from './claude-code/claude-code.parser';
import { CodexParser } from './codex/codex.parser';
import { OpenCodeParser } from './opencode/opencode.parser';
import type { OutputParser } from './provider-adapter';

/**
 * Output recorded from the real CLIs running against the model stand-ins (tools/model-stubs/fixtures,
 * `<provider>-<case>.jsonl`): every line understood, messages whole, tools paired, the verdict right.
 */
const DIR = join(__dirname, '../../../../../../tools/model-stubs/fixtures');
const PARSERS: Partial<Record<AgentProvider, (turnId: string) => OutputParser>> = {
  'claude-code': (t) => new ClaudeCodeParser(t),
  codex: (t) => new CodexParser(t),
  opencode: (t) => new OpenCodeParser(t),
};
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .map((file) => ({ file, provider: (Object.keys(PARSERS) as AgentProvider[]).find((p) => file.startsWith(`${p}-`)) }))
  .filter((f): f is { file: string; provider: AgentProvider } => !!f.provider);

const parse = (provider: AgentProvider, file: string) => {
  const parser = (PARSERS[provider] as (t: string) => OutputParser)('t');
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  const drafts: EventDraft[] = [...lines.flatMap((l) => parser.line(l)), ...parser.end(false)];
  return { parser, drafts };
};

describe('parsers on recorded CLI output', () => {
  it('has recordings of each of the three CLIs', () => {
    expect(new Set(fixtures.map((f) => f.provider))).toEqual(new Set(['claude-code', 'codex', 'opencode']));
  });

  it.each(fixtures)('$file', ({ file, provider }) => {
    const { parser, drafts } = parse(provider, file);
    const failing = /auth-error/.test(file);
    expect(drafts.filter((d) => d.type === 'error' && d.payload.code === 'PROVIDER_OUTPUT_INVALID')).toEqual([]);
    // Every message: deltas, then one complete with their text.
    const texts = new Map<string, string>();
    for (const d of drafts) {
      if (d.type === 'text_delta') texts.set(d.payload.messageId, (texts.get(d.payload.messageId) ?? '') + d.payload.text);
      if (d.type === 'message_complete') {
        expect(d.payload.text).toBe(texts.get(d.payload.messageId));
        texts.delete(d.payload.messageId);
      }
    }
    expect([...texts.keys()]).toEqual([]);
    // Every tool_result answers an earlier tool_use.
    const used = new Set<string>();
    for (const d of drafts) {
      if (d.type === 'tool_use') used.add(d.payload.toolUseId);
      if (d.type === 'tool_result') expect(used.has(d.payload.toolUseId)).toBe(true);
    }
    expect(parser.state.sessionId).toEqual(expect.any(String));
    if (failing) {
      expect(parser.state.ok).toBe(false);
      expect(drafts.some((d) => d.type === 'error')).toBe(true);
    } else {
      expect(parser.state.ok).not.toBe(false);
      expect(drafts.some((d) => d.type === 'message_complete')).toBe(true);
      expect(parser.state.usage?.inputTokens).toBeGreaterThan(0);
    }
  });

  it('reads the cases right: a denied write, a failed sandboxed change, a retry, an edit', () => {
    const results = (f: string) =>
      parse(f.startsWith('codex') ? 'codex' : 'claude-code', f)
        .drafts.filter((d) => d.type === 'tool_result')
        .map((d) => d.payload);
    expect(results('claude-code-denied.jsonl')).toEqual([
      expect.objectContaining({ name: 'Write', ok: false, output: expect.stringContaining('requested permissions') }),
    ]);
    expect(results('codex-sandbox-write-fails.jsonl')).toEqual([expect.objectContaining({ name: 'file_change', ok: false })]);
    expect(results('claude-code-edit.jsonl').map((r) => [r.name, r.ok])).toEqual([
      ['Read', true],
      ['Edit', true],
    ]);
    const retry = parse('claude-code', 'claude-code-retry.jsonl').drafts.filter((d) => d.type === 'error');
    expect(retry.map((d) => d.payload)).toEqual([
      { code: 'PROVIDER_ERROR', message: 'model API error 529 overloaded: retry 1 of 10 in 514 ms' },
    ]);
    const usage = parse('claude-code', 'claude-code-write.jsonl').parser.state.usage;
    expect(usage).toMatchObject({ inputTokens: 24414, outputTokens: 65 });
    expect(usage?.costUsd).toBeGreaterThan(0);
  });
});
