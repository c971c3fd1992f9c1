/**
 * The server's auto-policy on the wire (issue 14, protocol.md entities `auto_rule` and `auto_run`):
 * the rows desks sync and read. A rule's id is its cause; a run's id is opaque, one per incident.
 */
import { z } from 'zod';
import { PlanLetter } from './plans';

/** `auto_rule` data: apply plan `plan` of the cause's kind by itself to new incidents of `cause`, up to `maxJobs` items. */
export const AutoRuleData = z.object({
  cause: z.string(),
  enabled: z.boolean(),
  plan: PlanLetter,
  maxJobs: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type AutoRuleData = z.infer<typeof AutoRuleData>;

export const AUTO_RUN_OUTCOMES = ['started', 'applied', 'skipped', 'failed'] as const;

/**
 * `auto_run` data: what the server's auto-policy did for one incident. `started` is written before
 * it acts (so a crash or restart never acts twice) and replaced by the outcome; `actionId` is the
 * ledger entry an undo names (`auto#<mutationId>`).
 */
export const AutoRunData = z.object({
  incidentId: z.string(),
  title: z.string(),
  cause: z.string(),
  plan: PlanLetter,
  at: z.string(),
  outcome: z.enum(AUTO_RUN_OUTCOMES),
  moved: z.number().int(),
  actionId: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AutoRunData = z.infer<typeof AutoRunData>;

/**
 * Wire entity names (protocol.md "Entities on the wire"). Lower case with `_` like every entity
 * name a snapshot carries: a snapshot's tables are named after them (src/shared/snapshot.ts), and
 * desks already in use accept only [a-z_]+ there.
 */
export const AUTO_RULE_ENTITY = 'auto_rule';
export const AUTO_RUN_ENTITY = 'auto_run';

/** The clientId (and actor) of the server's automatic commands. */
export const AUTO_CLIENT_ID = 'auto';
