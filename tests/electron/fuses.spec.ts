// The fuses of a packaged desk, read back from the binary with @electron/fuses (decision 0023):
// RunAsNode, NODE_OPTIONS and --inspect off; cookie encryption, app-only-from-asar and embedded asar
// integrity on. Reads an electron-builder output when there is one; otherwise packs a copy of the
// Electron binary and runs the same afterPack hook electron-builder runs (scripts/package/fuses.mjs).
import { expect, test } from '@playwright/test';
// @ts-expect-error plain ESM script without types
import { DESK_FUSES, afterPack } from '../../scripts/package/fuses.mjs';
import { needsElectron } from './desk';
import { builtPackage, copyElectron } from './pack';

const ARCH_INDEX: Record<string, number> = { ia32: 0, x64: 1, arm: 2, arm64: 3 };
// FuseState of @electron/fuses 1.8 (dist/constants; its index does not export it): the wire's bytes '1' and '0'
const ENABLE = 49;
const DISABLE = 48;

test('the packaged binary carries the desk fuses', async () => {
  needsElectron();
  let binary = builtPackage();
  if (binary) {
    test.info().annotations.push({ type: 'package', description: `electron-builder output: ${binary}` });
  } else {
    const pack = copyElectron();
    await afterPack({ appOutDir: pack.appOutDir, electronPlatformName: process.platform, arch: ARCH_INDEX[process.arch], packager: { appInfo: { productFilename: 'DutyDesk' } } });
    binary = pack.binary;
    test.info().annotations.push({ type: 'package', description: `Electron copied and fused by afterPack: ${binary}` });
  }
  const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses');
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
  const read: Record<string, boolean | string> = {};
  for (const name of Object.keys(DESK_FUSES as Record<string, boolean>)) {
    const state = wire[FuseV1Options[name as keyof typeof FuseV1Options]];
    read[name] = state === ENABLE ? true : state === DISABLE ? false : `state ${String(state)}`;
  }
  expect(read).toEqual({ ...(DESK_FUSES as Record<string, boolean>) });
});
