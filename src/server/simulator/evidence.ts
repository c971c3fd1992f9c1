/** The evidence a simulated scanner shows to pass a stage guard (domain.md, "The 12 stages"). */
import type { Rng } from '@server/simulator/prng';

const SALES_LEADS = ['销售主管 李娜', '销售主管 王强', '销售主管 赵敏'];

export function evidenceFor(rng: Rng, stage: number): Record<string, string> | null {
  if (stage === 2) return { signedDrawing: `drawings/DWG-${rng.digits(8)}.pdf`, salesLeadApproval: rng.pick(SALES_LEADS) };
  if (stage === 12) return { customerSignature: `esign-${rng.digits(10)}` };
  return null;
}
