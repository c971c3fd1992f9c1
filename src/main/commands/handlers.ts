/**
 * The supervisor's commands of the desk API: each is planned against the replica
 * (supervisor-actions.ts) and written to the durable outbox; `commands` lists the outbox.
 */
import type Database from 'better-sqlite3';
import type { CommandView, DeskHandlers } from '@shared/contract';
import type { OutboxStore } from '@main/outbox/store';
import { commandView } from '@main/outbox/view';
import { planNote, planReassignment, planTagCause, type PlannedCommand } from '@main/commands/supervisor-actions';

export interface CommandDeps {
  outbox: OutboxStore;
  replica: () => Database.Database;
  enqueue: (planned: PlannedCommand) => CommandView;
}

export function commandHandlers(d: CommandDeps): Pick<DeskHandlers, 'commands' | 'tagCause' | 'addNote' | 'reassignJobs'> {
  return {
    commands: ({ limit }) => {
      const pending = d.outbox.pending();
      const answered = d.outbox.recent(limit ?? 50).filter((c) => c.state !== 'pending');
      return { commands: [...pending, ...answered].map(commandView) };
    },
    tagCause: (input) => ({ command: d.enqueue(planTagCause(d.replica(), input)) }),
    addNote: (input) => ({ command: d.enqueue(planNote(d.replica(), input)) }),
    reassignJobs: (input) => ({ command: d.enqueue(planReassignment(d.replica(), input)) }),
  };
}
