/**
 * How the desk keeps the order server's token (issue 8): encrypted with the OS keyring through
 * Electron's safeStorage. Where the only backend is plaintext (Linux without a keyring:
 * safeStorage's `basic_text`), the desk says so and stores only if the supervisor agrees.
 * Electron-free: src/main/electron/secrets.ts supplies the facts, the cipher and the dialog.
 */
export interface SafeStorageFacts {
  encryptionAvailable: boolean;
  platform: string;
  /** safeStorage.getSelectedStorageBackend() on Linux, null elsewhere */
  backend: string | null;
}

export type TokenStoragePlan =
  | { kind: 'encrypt'; backend: string }
  | { kind: 'ask'; backend: string; title: string; message: string; detail: string }
  | { kind: 'refuse'; message: string };

/** Linux backends that hold no key of their own: the "encrypted" token is readable by anyone who can read the file. */
const PLAINTEXT_BACKENDS = new Set(['basic_text', 'unknown']);

export function planTokenStorage(facts: SafeStorageFacts): TokenStoragePlan {
  if (!facts.encryptionAvailable) {
    return { kind: 'refuse', message: 'this system offers no safe storage for the server token; it stays where it is and is not copied' };
  }
  const backend = facts.platform === 'linux' ? (facts.backend ?? 'unknown') : facts.platform === 'darwin' ? 'keychain' : facts.platform === 'win32' ? 'dpapi' : (facts.backend ?? 'unknown');
  if (facts.platform === 'linux' && PLAINTEXT_BACKENDS.has(backend)) {
    return {
      kind: 'ask',
      backend,
      title: '没有系统密钥环 · No system keyring',
      message: '服务器令牌只能以明文形式保存 · The server token can only be stored in plain text',
      detail:
        `此电脑没有可用的密钥环（${backend}）：保存后，能读取您文件的任何人都能读取令牌。\n` +
        `This computer has no keyring DutyDesk can use (${backend}): once stored, anyone who can read your files can read the token.\n` +
        '不保存时，每次启动都需提供令牌 · If you do not store it, pass the token each time you start.',
    };
  }
  return { kind: 'encrypt', backend };
}

/** Whether to write the token, given the plan and (for `ask`) the supervisor's answer. */
export function shouldStore(plan: TokenStoragePlan, agreed: boolean): boolean {
  if (plan.kind === 'encrypt') return true;
  if (plan.kind === 'ask') return agreed;
  return false;
}
