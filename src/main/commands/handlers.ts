/**
 * The supervisor's commands of the desk API: each is planned against the replica
 * (drafts.ts) and written to the durable outbox; `commands` lists the outbox.
 */
import type Database from 'better-sqlite3';
import type { CommandView, DeskHandlers } from '@shared/contract';
import type { OutboxStore } from '@main/outbox/store';
import { commandView } from '@main/outbox/view';
import { draftNote, draftReassignment, draftTagCause, type CommandDraft } from '@main/commands/drafts';

export interface CommandDeps {
  outbox: OutboxStore;
  replica: () => Database.Database;
  enqueue: (planned: CommandDraft) => CommandView;
}

export function commandHandlers(d: CommandDeps): Pick<DeskHandlers, 'commands' | 'tagCause' | 'addNote' | 'reassignJobs'> {
  return {
    commands: ({ limit }) => {
      const pending = d.outbox.pending();
      const answered = d.outbox.recent(limit ?? 50).filter((c) => c.state !== 'pending');
      return { commands: [...pending, ...answered].map(commandView) };
    },
    tagCause: (input) => ({ command: d.enqueue(draftTagCause(d.replica(), input)) }),
    addNote: (input) => ({ command: d.enqueue(draftNote(d.replica(), input)) }),
    reassignJobs: (input) => ({ command: d.enqueue(draftReassignment(d.replica(), input)) }),
  };
}
