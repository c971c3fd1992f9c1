// The packaging configuration (issue 8): the fuses that turn the desk binary into a plain Node or
// let NODE_OPTIONS / --inspect in are off; cookies encrypted; the app only from an integrity-checked
// asar; electron-builder flips them in afterPack (before signing). No packager is installed here,
// so the configuration is asserted as data, and the fuse names against @electron/fuses when present.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { DESK_FUSES, afterPack, electronBinaryPath } from '../../../scripts/package/fuses.mjs';
// @ts-expect-error plain ESM config without types
import builderConfig from '../../../electron-builder.config.mjs';

const KNOWN_V1_FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
];

describe('Electron fuses of the packaged desk', () => {
  it('runAsNode, NODE_OPTIONS and inspect are off; cookie encryption, asar-only and asar integrity on', () => {
    expect(DESK_FUSES).toMatchObject({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
    });
    expect(Object.isFrozen(DESK_FUSES)).toBe(true);
  });

  it('names only fuses that exist (FuseV1Options)', () => {
    expect(Object.keys(DESK_FUSES).filter((k) => !KNOWN_V1_FUSES.includes(k))).toEqual([]);
    let installed: Record<string, unknown> | null;
    try {
      installed = (createRequire(import.meta.url)('@electron/fuses') as { FuseV1Options: Record<string, unknown> }).FuseV1Options;
    } catch {
      installed = null; // not installed yet: the list above is the documented one
    }
    if (installed) for (const k of Object.keys(DESK_FUSES)) expect(installed[k], k).toBeDefined();
  });

  it('finds the Electron binary in a packed folder on each platform', () => {
    expect(electronBinaryPath('/o', 'darwin', 'DutyDesk')).toBe('/o/DutyDesk.app/Contents/MacOS/DutyDesk');
    expect(electronBinaryPath('/o', 'win32', 'DutyDesk')).toMatch(/DutyDesk\.exe$/);
    expect(electronBinaryPath('/o', 'linux', 'DutyDesk')).toBe('/o/dutydesk');
  });
});

describe('electron-builder configuration', () => {
  it('packs into an asar (native modules unpacked) and flips the fuses in afterPack', () => {
    expect(builderConfig.asar).toBe(true);
    expect(builderConfig.asarUnpack).toContain('**/*.node');
    expect(builderConfig.afterPack).toBe(afterPack);
    expect(builderConfig.files).toContain('out/**/*');
    // the migrations are read from disk at start (appRoot() looks for package.json beside drizzle/)
    expect(builderConfig.files).toContain('drizzle/**/*');
    expect(builderConfig.files).not.toContain('src/**/*');
    expect(builderConfig.mac.hardenedRuntime).toBe(true);
  });
});
