/**
 * Planning a command (pure): (world, items) → the rows to write, or the first failing rule in
 * protocol order. A batch is its items planned together on one draft, so later items see the
 * earlier ones and the whole is applied or refused as one.
 */
import { planOvertime } from '@server/commands/crews';
import { planCrewTexts } from '@server/commands/crew-texts';
import { Draft } from '@server/commands/draft';
import { checkCapacity, planReassign, planReschedule } from '@server/commands/jobs';
import { planIncidentState } from '@server/commands/incidents';
import { planCreateJob } from '@server/commands/job-create';
import { planLineOvertime, planMoveLine, planSwitchCarrier } from '@server/commands/supply';
import { draftNote, planNotify, draftTagCause } from '@server/commands/orders';
import type { Item, PlanResult, World } from '@server/commands/types';
import { planUndo } from '@server/commands/undo';
import { planAutoRuleSet } from '@server/commands/auto-rules';
import { planPass, planRelease } from '@server/commands/finance';
import { planSaveTemplate } from '@server/commands/promotions';
import { planCustomerRequestHandle } from '@server/commands/customer-requests';

export function decideCommand(world: World, items: readonly Item[]): PlanResult {
  const d = new Draft(world);
  for (const item of items) {
    switch (item.type) {
      case 'job.reassign':
        planReassign(d, item.payload);
        break;
      case 'job.reschedule':
        planReschedule(d, item.payload);
        break;
      case 'order.tagCause':
        draftTagCause(d, item.payload);
        break;
      case 'order.note':
        draftNote(d, item.payload);
        break;
      case 'notify.customers':
        planNotify(d, item.payload);
        break;
      case 'crew.overtime':
        planOvertime(d, item.payload);
        break;
      case 'incident.state':
        planIncidentState(d, item.payload);
        break;
      case 'order.switchCarrier':
        planSwitchCarrier(d, item.payload);
        break;
      case 'order.moveLine':
        planMoveLine(d, item.payload);
        break;
      case 'line.overtime':
        planLineOvertime(d, item.payload);
        break;
      case 'job.create':
        planCreateJob(d, item.payload);
        break;
      case 'undo':
        planUndo(d, item.payload);
        break;
      case 'autoRule.set':
        planAutoRuleSet(d, item.payload);
        break;
      case 'promotion.saveTemplate':
        planSaveTemplate(d, item.payload);
        break;
      case 'finance.release':
        planRelease(d, item.payload);
        break;
      case 'finance.pass':
        planPass(d, item.payload);
        break;
      case 'customerRequest.handle':
        planCustomerRequestHandle(d, item.payload);
        break;
    }
  }
  checkCapacity(d);
  planCrewTexts(d);
  return d.finish();
}
