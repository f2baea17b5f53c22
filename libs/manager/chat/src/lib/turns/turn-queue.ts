import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AgentErrorCode, ChatErrorCode, ErrorCode, type SubmitTurnRequest, type Turn, type TurnOutcome } from '@wharf/contracts';
import { type AgentEntity, AgentsService } from '@wharf/manager/agents';
import { conflict, notFound, ProblemException } from '@wharf/server/core';
import { randomUUID } from 'node:crypto';
import { CHAT_OPTIONS, type ChatOptions } from '../chat.options';
import { draft } from '../events/event-draft';
import { EventLog } from '../events/event-log';
import { ProviderRegistry } from '../providers/provider-registry';
import type { ChatTurnEntity } from '../store/chat-turn.entity';
import { KeyedLock } from '../util/keyed-lock';
import { ActiveTurn, type StopRequest } from './active-turn';
import { TurnRecovery } from './turn-recovery';
import { TurnRunner } from './turn-runner';
import { OPEN_STATUSES, TurnStore } from './turn-store';
import { toTurn } from './turn.mapper';

interface Lane {
  agentId: string;
  /** Turn ids waiting, in order. */
  queue: string[];
  running: ActiveTurn | undefined;
}

/** How long shutdown waits for running turns to be stopped and recorded. */
const SHUTDOWN_WAIT_MS = 20_000;

/**
 * One running turn per agent and a FIFO queue behind it. Queue changes are logged as `status` events
 * (agent-level); each turn gets `user_message` when submitted and exactly one `turn_finished`. Boot first
 * settles turns a previous process left open (TurnRecovery); shutdown stops running turns and records
 * queued ones as interrupted, so no turn is ever left open.
 */
@Injectable()
export class TurnQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(TurnQueue.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly lock = new KeyedLock();
  private closing = false;

  constructor(
    private readonly store: TurnStore,
    private readonly log: EventLog,
    private readonly runner: TurnRunner,
    private readonly recovery: TurnRecovery,
    private readonly agents: AgentsService,
    private readonly registry: ProviderRegistry,
    @Inject(CHAT_OPTIONS) private readonly options: ChatOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.recovery.recover();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const lanes = [...this.lanes.values()];
    await Promise.all(
      lanes.map(async (lane) => {
        const queued = lane.queue.splice(0);
        for (const id of queued)
          await this.finishUnrun(lane.agentId, id, 'interrupted', 'the manager shut down before the turn ran').catch(() => undefined);
        if (queued.length && !lane.running) this.logQueue(lane);
        if (lane.running) {
          lane.running.requestStop({ outcome: 'interrupted', reason: 'the manager shut down while the turn was running' });
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([lane.running.done, new Promise((r) => (timer = setTimeout(r, SHUTDOWN_WAIT_MS)))]);
          clearTimeout(timer);
        }
      }),
    );
    await this.log.drain();
  }

  /** Queues the message as a turn, or returns the turn already made for this clientMessageId. */
  submit(agent: AgentEntity, req: SubmitTurnRequest): Promise<Turn> {
    return this.lock.run(agent.id, async () => {
      const existing = await this.store.findByClientMessageId(agent.id, req.clientMessageId);
      if (existing) return this.sameRequest(existing, req);
      if (this.closing)
        throw new ProblemException({
          status: 503,
          code: ErrorCode.SERVICE_UNAVAILABLE,
          title: 'Service Unavailable',
          detail: 'The manager is shutting down.',
        });
      if (!this.registry.capabilities(agent.provider).available) {
        throw new ProblemException({
          status: 422,
          code: ChatErrorCode.PROVIDER_UNAVAILABLE,
          title: 'Unprocessable Content',
          detail: `No ${agent.provider} CLI is available on this manager.`,
        });
      }
      if (agent.status !== 'running' || !agent.containerId) throw conflict(AgentErrorCode.AGENT_NOT_RUNNING, 'The agent is not running.');
      const lane = this.lane(agent.id);
      if (lane.queue.length >= this.options.maxQueuedTurns)
        throw conflict(ChatErrorCode.QUEUE_FULL, `${lane.queue.length} turns already wait for this agent.`);

      const { row, created } = await this.store.insertQueued({
        id: randomUUID(),
        agentId: agent.id,
        clientMessageId: req.clientMessageId,
        message: req.message,
      });
      if (!created) return this.sameRequest(row, req);
      // Synchronous from here to kick(): user_message is queued for the log before anything else about this turn.
      lane.queue.push(row.id);
      const logged = this.log.append(agent.id, row.id, [
        draft('user_message', { clientMessageId: req.clientMessageId, text: req.message }),
      ]);
      const position = lane.queue.length;
      if (lane.running) this.logQueue(lane);
      else this.kick(lane); // logs the queue itself
      await logged.catch((err) => this.logger.error({ err, agentId: agent.id, turnId: row.id }, 'could not log the user message'));
      return toTurn(row, position);
    });
  }

  /** Cancels a queued turn (it never runs) or the running one (its process tree is killed); returns it finished. */
  async cancel(agentId: string, turnId: string): Promise<Turn> {
    const lane = this.lanes.get(agentId);
    const idx = lane ? lane.queue.indexOf(turnId) : -1;
    if (lane && idx >= 0) {
      lane.queue.splice(idx, 1);
      await this.finishUnrun(agentId, turnId, 'cancelled', 'cancelled before it ran');
      this.logQueue(lane);
    } else if (lane?.running?.turnId === turnId) {
      const running = lane.running;
      running.requestStop({ outcome: 'cancelled', reason: 'cancelled while running' });
      await running.done;
    } else {
      const row = await this.store.find(agentId, turnId);
      if (!row) throw notFound(ChatErrorCode.TURN_NOT_FOUND, `No turn ${turnId} for this agent.`);
      if (!OPEN_STATUSES.includes(row.status))
        throw conflict(ChatErrorCode.TURN_ALREADY_FINISHED, `The turn already ended (${row.status}).`);
    }
    return this.get(agentId, turnId);
  }

  async get(agentId: string, turnId: string): Promise<Turn> {
    const row = await this.store.find(agentId, turnId);
    if (!row) throw notFound(ChatErrorCode.TURN_NOT_FOUND, `No turn ${turnId} for this agent.`);
    return toTurn(row, this.position(agentId, turnId));
  }

  /** 1-based place in the agent's queue, or null when not queued. */
  position(agentId: string, turnId: string): number | null {
    const i = this.lanes.get(agentId)?.queue.indexOf(turnId) ?? -1;
    return i >= 0 ? i + 1 : null;
  }

  private sameRequest(row: ChatTurnEntity, req: SubmitTurnRequest): Turn {
    if (row.message !== req.message) {
      throw conflict(
        ChatErrorCode.CLIENT_MESSAGE_ID_REUSED,
        `clientMessageId ${req.clientMessageId} was already used for another message.`,
      );
    }
    return toTurn(row, this.position(row.agentId, row.id));
  }

  private lane(agentId: string): Lane {
    let lane = this.lanes.get(agentId);
    if (!lane) {
      lane = { agentId, queue: [], running: undefined };
      this.lanes.set(agentId, lane);
    }
    return lane;
  }

  private logQueue(lane: Lane): void {
    void this.log
      .append(lane.agentId, null, [
        draft('status', {
          kind: 'queue',
          state: lane.running ? 'busy' : 'idle',
          runningTurnId: lane.running?.turnId ?? null,
          queuedTurnIds: [...lane.queue],
        }),
      ])
      .catch(() => undefined);
  }

  /** Starts the next queued turn if none runs. */
  private kick(lane: Lane): void {
    if (lane.running || this.closing) return;
    const turnId = lane.queue.shift();
    if (!turnId) return;
    const active = new ActiveTurn(turnId);
    lane.running = active;
    this.logQueue(lane);
    void this.runTurn(lane.agentId, active).finally(() => {
      lane.running = undefined;
      active.finished();
      if (lane.queue.length && !this.closing) this.kick(lane);
      else this.logQueue(lane);
    });
  }

  private async runTurn(agentId: string, active: ActiveTurn): Promise<void> {
    const turnId = active.turnId;
    const timer = setTimeout(
      () => active.requestStop({ outcome: 'timed_out', reason: `the turn ran longer than ${this.options.turnTimeoutMs} ms` }),
      this.options.turnTimeoutMs,
    );
    let finishedLogged = false;
    try {
      if (!(await this.store.markRunning(turnId, new Date()))) return;
      const row = await this.store.find(agentId, turnId);
      if (!row) return;
      const agent = await this.agents.find(agentId);
      const r = await this.runner.run(row, agent, active);
      await this.log.append(agentId, turnId, [
        draft('turn_finished', {
          outcome: r.outcome,
          durationMs: r.durationMs,
          exitCode: r.exitCode,
          ...(r.reason ? { reason: r.reason } : {}),
        }),
      ]);
      finishedLogged = true;
      await this.store.finish(turnId, { outcome: r.outcome, reason: r.reason, usage: r.usage });
    } catch (err) {
      this.logger.error({ err, agentId, turnId }, 'turn failed unexpectedly');
      const stop: StopRequest | undefined = active.stop;
      const outcome = stop?.outcome ?? 'failed';
      const reason = stop?.reason ?? 'internal error while running the turn';
      // Never left open: if this fails too, the next boot's recovery settles the turn.
      await (
        finishedLogged ? this.store.finish(turnId, { outcome, reason, usage: null }) : this.finishUnrun(agentId, turnId, outcome, reason)
      ).catch((e) => this.logger.error({ err: e, agentId, turnId }, 'could not record the end of a failed turn'));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends a turn that has no run in progress: its turn_finished, then its row. */
  private async finishUnrun(agentId: string, turnId: string, outcome: TurnOutcome, reason: string): Promise<void> {
    await this.log.append(agentId, turnId, [draft('turn_finished', { outcome, durationMs: 0, exitCode: null, reason })]);
    await this.store.finish(turnId, { outcome, reason, usage: null });
  }
}
