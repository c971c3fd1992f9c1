/**
 * Advancing an order to a later stage (pure): guards, then what must change.
 * Guards (domain.md): the stage to enter must be after the current one (no staying, no going
 * back); design confirmed (2) needs a signed drawing and the sales lead's approval, also when
 * an advance passes through 2; installation booked (11) needs delivery (the order must be at
 * stage 10 or later: delivery is never skipped); accepted (12) needs the customer's e-signature.
 * Hand-offs (issue 14, as the seed business has them): entering 9 (物流发运) queues the tracking
 * text AND creates the installation job, booked provisionally by the caller from the carrier's
 * expected arrival (unbooked when it cannot be); entering 10 finds that job (an order shipped
 * before this rule gets an unbooked one); entering 11 or later confirms the booking (or books it
 * when there is none); entering 12 marks it done.
 */
import { FINAL_STAGE, stageDef } from '@shared/stages';
import { AppError } from '@server/errors';
import { skillFor } from '@server/domain/booking';

export interface OrderForAdvance {
  id: string;
  stage: number;
  stageEnteredAt: string;
  productType: string;
}

export interface JobForAdvance {
  id: string;
  status: string;
  crewId: string | null;
  date: string | null;
}

export interface AdvancePlan {
  stage: number;
  at: string;
  /** create an installation job (unbooked) with this skill */
  createJob: { skill: string } | null;
  /** the new job is booked provisionally from the shipment's expected arrival (entering 9 or 10 from before 9) */
  provisional: boolean;
  /** the job must be booked (crew and date chosen by the caller) */
  book: boolean;
  /** the job is already booked (provisionally at 9): the caller confirms it, rebooking a date that is too early */
  confirm: boolean;
  /** the job becomes done */
  finishJob: boolean;
  /** notification templates to queue */
  notify: string[];
}

/** What a floor client shows to pass a guard (references to documents, names, signatures). */
export interface Evidence {
  signedDrawing?: string;
  salesLeadApproval?: string;
  customerSignature?: string;
}

function need(evidence: Evidence, field: keyof Evidence, stage: number): void {
  const v = evidence[field];
  if (typeof v === 'string' && v.trim() !== '') return;
  throw new AppError('missing_evidence', `evidence.${field}: required to enter stage ${stage} (${stageDef(stage).code})`, 422);
}

export function planAdvance(order: OrderForAdvance, job: JobForAdvance | null, target: number, at: string, evidence: Evidence = {}): AdvancePlan {
  if (order.stage >= FINAL_STAGE) throw new AppError('wrong_stage', `order ${order.id} is already at stage ${FINAL_STAGE}`, 409);
  if (target <= order.stage) {
    throw new AppError('wrong_stage', `stage: cannot enter stage ${target} from stage ${order.stage} (${stageDef(order.stage).code}); stages only move forward`, 409);
  }
  if (Date.parse(at) < Date.parse(order.stageEnteredAt)) {
    throw new AppError('bad_request', `at: ${at} is before the current stage began (${order.stageEnteredAt})`, 400);
  }
  if (order.stage < 2 && target >= 2) {
    need(evidence, 'signedDrawing', 2);
    need(evidence, 'salesLeadApproval', 2);
  }
  if (target >= 11 && order.stage < 10) {
    throw new AppError('wrong_stage', `stage: cannot enter stage ${target} from stage ${order.stage}: installation is booked only after delivery (stage 10)`, 409);
  }
  if (target === FINAL_STAGE) need(evidence, 'customerSignature', FINAL_STAGE);
  const activeJob = job && job.status !== 'cancelled' ? job : null;
  const booked = activeJob != null && (activeJob.status === 'booked' || activeJob.status === 'in_progress' || activeJob.status === 'done');
  const notify: string[] = [];
  if (order.stage < 9 && target >= 9) notify.push('tracking_link');
  if (order.stage < 11 && target >= 11) notify.push('install_booked');
  const createJob = target >= 9 && !activeJob ? { skill: skillFor(order.productType) } : null;
  return {
    stage: target,
    at,
    createJob,
    provisional: createJob !== null && order.stage < 9 && target < 11,
    book: target >= 11 && !booked,
    confirm: target >= 11 && order.stage < 11 && booked && activeJob?.status === 'booked',
    finishJob: target === FINAL_STAGE,
    notify,
  };
}
