/**
 * Moves a plaintext `token` in settings.json to `tokenEncrypted` (base64 of the safeStorage
 * ciphertext), following planTokenStorage. Electron-free: the cipher and the question are passed
 * in, so the whole flow is unit-tested with fakes.
 */
import { readSettings, writeSettings } from '@main/settings';
import { planTokenStorage, shouldStore, type SafeStorageFacts, type TokenStoragePlan } from './secrets-policy';

export interface TokenCipher {
  facts(): SafeStorageFacts;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export type ProtectOutcome = 'nothing-to-do' | 'encrypted' | 'declined' | 'refused';

export async function protectStoredToken(
  dataDir: string,
  cipher: TokenCipher,
  ask: (plan: Extract<TokenStoragePlan, { kind: 'ask' }>) => Promise<boolean>,
  log: (line: string) => void = () => undefined,
): Promise<ProtectOutcome> {
  const settings = readSettings(dataDir);
  if (!settings.token) return 'nothing-to-do';
  const plan = planTokenStorage(cipher.facts());
  if (plan.kind === 'refuse') {
    log(`token: ${plan.message}`);
    return 'refused';
  }
  const agreed = plan.kind === 'ask' ? await ask(plan) : true;
  if (!shouldStore(plan, agreed)) {
    log('token: not stored (no keyring, and the supervisor declined); it stays as given');
    return 'declined';
  }
  const tokenEncrypted = cipher.encrypt(settings.token).toString('base64');
  if (cipher.decrypt(Buffer.from(tokenEncrypted, 'base64')) !== settings.token) throw new Error('token: encryption did not round-trip; settings.json left unchanged');
  const { token: _plain, ...rest } = settings;
  writeSettings(dataDir, { ...rest, tokenEncrypted });
  log(`token: stored encrypted (${plan.backend})`);
  return 'encrypted';
}

/** The decryptor settings need: base64 ciphertext → token. */
export function tokenDecryptor(cipher: TokenCipher): (tokenEncrypted: string) => string {
  return (b64) => cipher.decrypt(Buffer.from(b64, 'base64'));
}
