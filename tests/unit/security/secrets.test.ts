// The server token on the desk: encrypted with safeStorage where a keyring exists, stored over a
// plaintext backend only if the supervisor agrees, never copied where there is no safe storage;
// settings read the encrypted form in Electron, browser mode keeps taking a plain token (environment or file).
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planTokenStorage, shouldStore } from '@main/security/secrets-policy';
import { protectStoredToken, tokenDecryptor, type TokenCipher } from '@main/security/token-store';
import { chooseServer, readSettings } from '@main/settings';

const TOKEN = 'dd_supervisor_0123456789abcdef';

/** A stand-in for safeStorage: reversible, and visibly not the plaintext. */
function fakeCipher(facts: { encryptionAvailable: boolean; platform: string; backend: string | null }): TokenCipher {
  return {
    facts: () => facts,
    encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decrypt: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString('utf8'),
  };
}

function dataDirWith(settings: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'dd-secrets-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  return dir;
}

describe('planTokenStorage', () => {
  it.each([
    ['darwin', null, 'keychain'],
    ['win32', null, 'dpapi'],
    ['linux', 'gnome_libsecret', 'gnome_libsecret'],
    ['linux', 'kwallet5', 'kwallet5'],
  ])('encrypts on %s (%s)', (platform, backend, shown) => {
    expect(planTokenStorage({ encryptionAvailable: true, platform, backend })).toEqual({ kind: 'encrypt', backend: shown });
  });

  it('asks on Linux when the only backend is plaintext (basic_text), and says so', () => {
    for (const backend of ['basic_text', 'unknown', null]) {
      const plan = planTokenStorage({ encryptionAvailable: true, platform: 'linux', backend });
      expect(plan.kind).toBe('ask');
      if (plan.kind === 'ask') expect(plan.detail).toMatch(/anyone who can read your files can read the token/);
      expect(shouldStore(plan, false)).toBe(false);
      expect(shouldStore(plan, true)).toBe(true);
    }
  });

  it('refuses when no encryption is available at all', () => {
    const plan = planTokenStorage({ encryptionAvailable: false, platform: 'linux', backend: 'basic_text' });
    expect(plan.kind).toBe('refuse');
    expect(shouldStore(plan, true)).toBe(false);
  });
});

describe('protectStoredToken', () => {
  it('moves a plaintext token to tokenEncrypted, owner-only, without asking where a keyring exists', async () => {
    const dir = dataDirWith({ serverUrl: 'http://10.0.0.5:7300', token: TOKEN });
    const cipher = fakeCipher({ encryptionAvailable: true, platform: 'linux', backend: 'gnome_libsecret' });
    let asked = 0;
    expect(await protectStoredToken(dir, cipher, async () => (asked++, true))).toBe('encrypted');
    expect(asked).toBe(0);
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toEqual({ serverUrl: 'http://10.0.0.5:7300', tokenEncrypted: expect.any(String) });
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o077).toBe(0);
    // and it reads back through the decryptor, as Electron does
    const choice = chooseServer({}, readSettings(dir), { decryptToken: tokenDecryptor(cipher) });
    expect(choice).toEqual({ kind: 'remote', serverUrl: 'http://10.0.0.5:7300', token: TOKEN });
    expect(await protectStoredToken(dir, cipher, async () => true)).toBe('nothing-to-do');
  });

  it('asks before storing over basic_text: a "no" leaves the file as it was', async () => {
    const dir = dataDirWith({ serverUrl: 'http://10.0.0.5:7300', token: TOKEN });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const cipher = fakeCipher({ encryptionAvailable: true, platform: 'linux', backend: 'basic_text' });
    const questions: string[] = [];
    expect(await protectStoredToken(dir, cipher, async (plan) => (questions.push(plan.message), false))).toBe('declined');
    expect(questions).toHaveLength(1);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(await protectStoredToken(dir, cipher, async () => true)).toBe('encrypted');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain(TOKEN);
  });

  it('never writes when there is no safe storage', async () => {
    const dir = dataDirWith({ serverUrl: 'http://10.0.0.5:7300', token: TOKEN });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(await protectStoredToken(dir, fakeCipher({ encryptionAvailable: false, platform: 'linux', backend: null }), async () => true)).toBe('refused');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('leaves settings.json untouched when the cipher does not round-trip', async () => {
    const dir = dataDirWith({ serverUrl: 'http://10.0.0.5:7300', token: TOKEN });
    const broken: TokenCipher = { ...fakeCipher({ encryptionAvailable: true, platform: 'darwin', backend: null }), decrypt: () => 'garbage' };
    await expect(protectStoredToken(dir, broken, async () => true)).rejects.toThrow(/round-trip/);
    expect(readSettings(dir).token).toBe(TOKEN);
  });
});

describe('settings with an encrypted token', () => {
  const encrypted = { serverUrl: 'http://10.0.0.5:7300', tokenEncrypted: Buffer.from('cipher').toString('base64') };

  it('browser mode keeps accepting a plain --token, and says clearly when it cannot read tokenEncrypted', () => {
    expect(chooseServer({ token: 'flag-token' }, encrypted)).toEqual({ kind: 'remote', serverUrl: encrypted.serverUrl, token: 'flag-token' });
    expect(() => chooseServer({}, encrypted)).toThrow(/only the desktop app can read: in browser mode set DUTYDESK_SERVER_TOKEN or pass --token-file FILE/);
    expect(chooseServer({ server: 'http://h:1', token: 't' }, {})).toEqual({ kind: 'remote', serverUrl: 'http://h:1', token: 't' });
  });

  it('a ciphertext from another account or machine is a clear error', () => {
    expect(() => chooseServer({}, encrypted, { decryptToken: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } })).toThrow(
      /cannot be read on this account or machine/,
    );
  });

  it('tokenEncrypted must be base64', () => {
    const dir = dataDirWith({ tokenEncrypted: 'not base64!' });
    expect(() => readSettings(dir)).toThrow(/tokenEncrypted/);
  });
});
