import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgentEventOfType } from '@wharf/contracts';
import { AgentsService } from '@wharf/manager/agents';
import { CONTAINER_RUNTIME, type ContainerRuntime } from '@wharf/manager/runtime';
import { draft, type EventDraft } from '../events/event-draft';
import { EventLog } from '../events/event-log';
import { EventStore } from '../events/event-store';
import type { ChatTurnEntity } from '../store/chat-turn.entity';
import { killTurnProcesses } from './turn-processes';
import { TurnStore } from './turn-store';

/**
 * At boot, settles the turns a previous process left `queued` or `running` (it crashed, or was killed
 * before its shutdown finished): a turn whose turn_finished was already logged takes that outcome; any
 * other becomes `interrupted`, with its unfinished messages completed as partial and one turn_finished.
 * Whatever is left of a running turn's CLI in the container is killed.
 */
@Injectable()
export class TurnRecovery {
  private readonly logger = new Logger(TurnRecovery.name);

  constructor(
    private readonly store: TurnStore,
    private readonly events: EventStore,
    private readonly log: EventLog,
    private readonly agents: AgentsService,
    @Inject(CONTAINER_RUNTIME) private readonly runtime: ContainerRuntime,
  ) {}

  async recover(): Promise<void> {
    const open = await this.store.open();
    const agents = new Set<string>();
    for (const turn of open) {
      agents.add(turn.agentId);
      await this.settle(turn);
    }
    for (const agentId of agents) {
      await this.log.append(agentId, null, [draft('status', { kind: 'queue', state: 'idle', runningTurnId: null, queuedTurnIds: [] })]);
    }
    if (open.length) this.logger.warn({ turns: open.length }, 'turns left open by a previous process were settled');
  }

  private async settle(turn: ChatTurnEntity): Promise<void> {
    const logged = (await this.events.findTurnFinished(turn.id)) as AgentEventOfType<'turn_finished'> | undefined;
    if (logged) {
      await this.store.finish(turn.id, {
        outcome: logged.payload.outcome,
        reason: logged.payload.reason ?? null,
        usage: null,
        finishedAt: new Date(logged.at),
      });
      return;
    }
    if (turn.status === 'running') await this.killLeftovers(turn);
    const reason = turn.status === 'running' ? 'the manager stopped while the turn was running' : 'the manager stopped before the turn ran';
    const drafts: EventDraft[] = (await this.events.openMessages(turn.agentId, turn.id)).map((m) =>
      draft('message_complete', { messageId: m.messageId, text: m.text, partial: true }),
    );
    drafts.push(
      draft('turn_finished', {
        outcome: 'interrupted',
        durationMs: turn.startedAt ? Math.max(0, Date.now() - turn.startedAt.getTime()) : 0,
        exitCode: null,
        reason,
      }),
    );
    await this.log.append(turn.agentId, turn.id, drafts);
    await this.store.finish(turn.id, { outcome: 'interrupted', reason, usage: null });
  }

  private async killLeftovers(turn: ChatTurnEntity): Promise<void> {
    try {
      const agent = await this.agents.find(turn.agentId);
      if (!agent.containerId) return;
      const killed = await killTurnProcesses(this.runtime, agent.containerId, turn.id);
      if (killed) this.logger.warn({ agentId: turn.agentId, turnId: turn.id, killed }, 'killed the CLI processes of an interrupted turn');
    } catch (err) {
      // A stopped or missing container has nothing left running.
      this.logger.debug({ err, agentId: turn.agentId, turnId: turn.id }, 'no leftover processes killed');
    }
  }
}
