/**
 * The server token under Electron's safeStorage (OS keyring / Keychain / DPAPI). The decisions are
 * electron-free (src/main/security/secrets-policy.ts, token-store.ts); this file only supplies
 * safeStorage and asks the supervisor with a dialog when the only backend is plaintext.
 */
import { dialog, safeStorage } from 'electron';
import { protectStoredToken, tokenDecryptor, type ProtectOutcome, type TokenCipher } from '@main/security/token-store';

export const electronCipher: TokenCipher = {
  facts: () => ({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    platform: process.platform,
    backend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  }),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (cipher) => safeStorage.decryptString(cipher),
};

/** Call after app `ready` (safeStorage needs it on Linux), before the session starts. */
export function protectToken(dataDir: string, log: (line: string) => void): Promise<ProtectOutcome> {
  return protectStoredToken(
    dataDir,
    electronCipher,
    async (plan) => {
      const { response } = await dialog.showMessageBox({
        type: 'warning',
        title: plan.title,
        message: plan.message,
        detail: plan.detail,
        buttons: ['仍然保存 · Store anyway', '不保存 · Do not store'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
    log,
  );
}

export const decryptToken = tokenDecryptor(electronCipher);
