/**
 * The planning policy as editable data: the compensation tiers (阶梯式超时赔付) and the price of
 * overtime. Defaults ship in resources/planning-policy.json; a company's own copy in the desk's
 * data folder (planning-policy.json) replaces them. A file that does not parse is reported by
 * field and the defaults are used, so a typo never stops planning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import defaults from '@resources/planning-policy.json';
import { describeZodError } from '@shared/protocol';
import { PlanningPolicy } from '@shared/plans';

export const DEFAULT_POLICY: PlanningPolicy = PlanningPolicy.parse(defaults);

let cached: { file: string; mtime: number; policy: PlanningPolicy } | null = null;

export function planningPolicy(dataDir: string): PlanningPolicy {
  const file = join(dataDir, 'planning-policy.json');
  if (!existsSync(file)) return DEFAULT_POLICY;
  const mtime = statSync(file).mtimeMs;
  if (cached && cached.file === file && cached.mtime === mtime) return cached.policy;
  let policy = DEFAULT_POLICY;
  try {
    const r = PlanningPolicy.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (r.success) policy = r.data;
    else console.error(`DutyDesk: ${file}: ${describeZodError(r.error)}; using the default planning policy`);
  } catch (err) {
    console.error(`DutyDesk: ${file} is not JSON (${(err as Error).message}); using the default planning policy`);
  }
  cached = { file, mtime, policy };
  return policy;
}
