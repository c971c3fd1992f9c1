/**
 * Which role may send which command (issue 20). Supervisors send every command; the finance role
 * only the finance review's and the promotion templates' (and undo of those): it sees the money
 * but never moves jobs, orders or crews. A viewer or floor token never reaches here (the desk's
 * role check refuses it first).
 */
import { and, eq } from 'drizzle-orm';
import type { Role } from '@shared/vocab';
import type { ServerDb } from '@server/db/open';
import { mutations } from '@server/db/schema';
import type { Item } from '@server/commands/types';

export const FINANCE_COMMANDS: readonly string[] = ['promotion.saveTemplate', 'finance.release', 'finance.pass'];

/** null when `role` may send every item; else why not (the reply's `forbidden` message). */
export function commandRoleRefusal(db: ServerDb, role: Role, items: readonly Item[]): string | null {
  if (role === 'supervisor') return null;
  if (role !== 'finance') return `role ${role} may not send commands`;
  for (const item of items) {
    if (item.type === 'undo') {
      const target = db.select({ type: mutations.type }).from(mutations).where(and(eq(mutations.clientId, item.payload.clientId), eq(mutations.mutationId, item.payload.mutationId))).get();
      // an unknown target is the planner's not_found, whoever asks
      if (target && !FINANCE_COMMANDS.includes(target.type)) return `role finance may only undo ${FINANCE_COMMANDS.join(', ')}, not ${target.type}`;
    } else if (!FINANCE_COMMANDS.includes(item.type)) {
      return `role finance may not send ${item.type} (only ${FINANCE_COMMANDS.join(', ')})`;
    }
  }
  return null;
}
