/** Human text for an outbox command: its state, and why the server refused it (code → zh/en text). */
import type { CommandView } from '@shared/contract';
import type { MessageKey } from '@renderer/i18n/messages';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const REJECTIONS: Record<string, MessageKey> = {
  conflict: 'reject.conflict',
  not_found: 'reject.not_found',
  wrong_status: 'reject.wrong_status',
  wrong_stage: 'reject.wrong_stage',
  missing_skill: 'reject.missing_skill',
  crew_unavailable: 'reject.crew_unavailable',
  over_capacity: 'reject.over_capacity',
  already_undone: 'reject.already_undone',
};

export const COMMAND_STATE: Record<CommandView['state'], MessageKey> = {
  pending: 'cmd.state.pending',
  applied: 'cmd.state.applied',
  rejected: 'cmd.state.rejected',
  failed: 'cmd.state.failed',
};

/** The reason in the supervisor's language; unknown codes show the code and the server's own message. */
export function rejectionText(error: NonNullable<CommandView['error']>, t: T): string {
  const key = REJECTIONS[error.code];
  return key ? t(key) : `${t('reject.unknown', { code: error.code })} — ${error.message}`;
}

/** One conflicting row of a rejection, e.g. "order o-12 (server version 40, this desk saw 38)". */
export function rowText(row: Record<string, unknown>, t: T): string {
  const entity = typeof row.entity === 'string' ? row.entity : '?';
  const id = typeof row.id === 'string' ? row.id : JSON.stringify(row);
  if (typeof row.version === 'number' && typeof row.expectedVersion === 'number') {
    return t('cmd.notice.row', { entity, id, version: row.version, expected: row.expectedVersion });
  }
  return `${entity} ${id}`;
}
