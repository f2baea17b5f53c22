import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChatErrorCode, type TokenUsage, type TurnOutcome } from '@wharf/contracts';
import { AgentSecrets, type AgentEntity } from '@wharf/manager/agents';
import { CONTAINER_RUNTIME, type ContainerRuntime, type ExecHandle } from '@wharf/manager/runtime';
import { CHAT_OPTIONS, type ChatOptions } from '../chat.options';
import { draft, type EventDraft } from '../events/event-draft';
import { EventLog } from '../events/event-log';
import { clip } from '../providers/json-lines-parser';
import { InvalidMessageError, type OutputParser, type ProviderCommand } from '../providers/provider-adapter';
import { ProviderRegistry } from '../providers/provider-registry';
import { LineSplitter } from '../util/line-splitter';
import { Redactor } from '../util/redactor';
import type { ActiveTurn } from './active-turn';
import type { ChatTurnEntity } from '../store/chat-turn.entity';
import { SessionStore } from './session-store';
import { TURN_MARKER_ENV } from './turn-processes';

export interface TurnResult {
  outcome: TurnOutcome;
  reason: string | null;
  exitCode: number | null;
  usage: TokenUsage | null;
  durationMs: number;
}

const STDERR_TAIL_CHARS = 4000;
/** After the kill, how long to wait for the engine to report the exit and close the output. */
const EXIT_WAIT_MS = 15_000;
const OUTPUT_WAIT_MS = 5_000;

const within = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve(fallback), ms);
    void p.then(
      (v) => (clearTimeout(t), resolve(v)),
      () => (clearTimeout(t), resolve(fallback)),
    );
  });

/**
 * Runs one turn's CLI in the agent's container and turns its output into events: argv and env from the
 * provider adapter (secrets only in the exec's env), the message on stdin or argv, stdout lines through
 * the parser (secret values redacted first), a stop request (cancel, timeout, shutdown) kills the CLI's
 * whole process tree. Returns the verdict; the queue writes turn_finished.
 */
@Injectable()
export class TurnRunner {
  private readonly logger = new Logger(TurnRunner.name);

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly log: EventLog,
    private readonly sessions: SessionStore,
    private readonly secrets: AgentSecrets,
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
    @Inject(CHAT_OPTIONS) private readonly options: ChatOptions,
  ) {}

  async run(turn: ChatTurnEntity, agent: AgentEntity, control: ActiveTurn): Promise<TurnResult> {
    const t0 = performance.now();
    const result = (
      outcome: TurnOutcome,
      reason: string | null,
      exitCode: number | null = null,
      usage: TokenUsage | null = null,
    ): TurnResult => ({
      outcome,
      reason,
      exitCode,
      usage,
      durationMs: Math.round(performance.now() - t0),
    });
    const emit = (drafts: EventDraft[]) => this.log.append(agent.id, turn.id, drafts);
    const fail = async (code: string, message: string) => {
      await emit([draft('error', { code, message })]);
      return result('failed', message);
    };

    const adapter = this.registry.get(agent.provider);
    const resumed = adapter?.capabilities.resume ? await this.sessions.get(agent.id, agent.provider) : null;
    await emit([draft('turn_started', { provider: agent.provider, resumedSession: resumed })]);
    if (control.stop) return result(control.stop.outcome, control.stop.reason);
    if (!adapter || !this.registry.capabilities(agent.provider).available) {
      return fail(ChatErrorCode.PROVIDER_UNAVAILABLE, `no ${agent.provider} CLI is available on this manager`);
    }
    if (agent.status !== 'running' || !agent.containerId) return fail(ChatErrorCode.EXEC_FAILED, 'the agent is not running');

    const env = this.secrets.openEnv(agent);
    let cmd: ProviderCommand;
    try {
      cmd = adapter.command({ turnId: turn.id, message: turn.message, sessionId: resumed, env, workdir: this.options.workdir });
    } catch (err) {
      if (err instanceof InvalidMessageError) return fail(ChatErrorCode.PROVIDER_FAILED, err.message);
      throw err;
    }

    let handle: ExecHandle;
    try {
      handle = await this.runtime.execStream(agent.containerId, cmd.argv, {
        env: { ...cmd.env, [TURN_MARKER_ENV]: turn.id },
        stdin: cmd.stdin !== undefined,
        workdir: this.options.workdir,
      });
    } catch (err) {
      // Runtime errors name containers and images, never env values.
      return fail(ChatErrorCode.EXEC_FAILED, `could not start ${cmd.argv[0]}: ${(err as Error).message}`);
    }

    const redactor = new Redactor(Object.values(env));
    const parser = adapter.createParser(turn.id);
    const output = this.pipe(agent.id, turn.id, handle, parser, redactor);
    if (cmd.stdin !== undefined) handle.stdin?.end(cmd.stdin);

    const exit = handle.exit.then(
      (code) => code,
      () => null,
    );
    const first = await Promise.race([exit.then(() => 'exit' as const), control.stopped.then(() => 'stop' as const)]);
    const stop = first === 'stop' ? control.stopRequest() : undefined;
    if (stop) await this.terminate(handle, exit, agent.id);
    const exitCode = await within(exit, EXIT_WAIT_MS, null);
    await within(output.ended, OUTPUT_WAIT_MS, undefined);

    const tail: EventDraft[] = parser.end(!!stop);
    if (stop?.outcome === 'timed_out') tail.push(draft('error', { code: ChatErrorCode.TURN_TIMED_OUT, message: stop.reason }));
    const usage = parser.state.usage ?? null;
    let verdict: TurnResult;
    if (stop) {
      verdict = result(stop.outcome, stop.reason, exitCode, usage);
    } else if (exitCode === 0 && parser.state.ok !== false) {
      verdict = result('completed', null, exitCode, usage);
    } else {
      const reason =
        exitCode === null
          ? `${cmd.argv[0]} ended without an exit code`
          : exitCode !== 0
            ? `${cmd.argv[0]} exited with code ${exitCode}`
            : `${cmd.argv[0]} reported a failed run`;
      const stderr = redactor.redact(output.stderrTail()).trim();
      tail.push(draft('error', { code: ChatErrorCode.PROVIDER_FAILED, message: stderr ? `${reason}: ${stderr}` : reason }));
      verdict = result('failed', reason, exitCode, usage);
    }
    await emit(tail);
    await output.settled();
    await this.keepSession(agent, parser, resumed, verdict.outcome);
    return verdict;
  }

  /** Feeds stdout lines to the parser and their events to the log; keeps the end of stderr. */
  private pipe(agentId: string, turnId: string, handle: ExecHandle, parser: OutputParser, redactor: Redactor) {
    let last: Promise<unknown> = Promise.resolve();
    let stderr = '';
    const append = (drafts: EventDraft[]) => {
      if (drafts.length === 0) return;
      last = this.log
        .append(agentId, turnId, drafts)
        .catch((err) => this.logger.error({ err, agentId, turnId }, 'could not log turn events'));
    };
    const lines = new LineSplitter(
      (line) => append(parser.line(redactor.redact(line))),
      undefined,
      (chars) =>
        append([
          draft('error', { code: ChatErrorCode.PROVIDER_OUTPUT_INVALID, message: `an output line of ${chars}+ characters was dropped` }),
        ]),
    );
    handle.stdout.on('data', (chunk: Buffer) => lines.push(chunk));
    handle.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    const ended = new Promise<void>((resolve) => {
      const done = () => {
        lines.end();
        resolve();
      };
      handle.stdout.once('end', done);
      handle.stdout.once('close', done);
      handle.stdout.once('error', done);
    });
    return { ended, stderrTail: () => clip(stderr, STDERR_TAIL_CHARS), settled: () => last };
  }

  /** SIGTERM to the CLI's process tree, SIGKILL to whatever is left after the grace period. */
  private async terminate(handle: ExecHandle, exit: Promise<number | null>, agentId: string): Promise<void> {
    await handle.kill('SIGTERM').catch((err) => this.logger.warn({ err, agentId }, 'SIGTERM to the turn failed'));
    await within(exit, this.options.killGraceMs, null);
    await handle.kill('SIGKILL').catch((err) => this.logger.warn({ err, agentId }, 'SIGKILL to the turn failed'));
  }

  /** Remembers the CLI's conversation for the next turn; forgets one whose resume failed (it may be gone). */
  private async keepSession(agent: AgentEntity, parser: OutputParser, resumed: string | null, outcome: TurnOutcome): Promise<void> {
    try {
      if (parser.state.sessionId && parser.state.sessionId !== resumed)
        await this.sessions.set(agent.id, agent.provider, parser.state.sessionId);
      else if (resumed && outcome === 'failed' && !parser.state.sessionId) await this.sessions.clear(agent.id);
    } catch (err) {
      this.logger.error({ err, agentId: agent.id }, 'could not store the CLI session');
    }
  }
}
