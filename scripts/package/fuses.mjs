// The Electron fuses of every packaged DutyDesk (issue 8, docs/decisions/0023). Fuses are bits in
// the Electron binary, flipped after packing and before signing: electron-builder's afterPack runs
// `afterPack` below; by hand: `node scripts/package/fuses.mjs <path to the packed Electron binary>`.
// Needs @electron/fuses (dev dependency, loaded only when flipping, so this file's data is testable).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Fuse name (FuseV1Options key) → wanted state. Names, not enum values, so tests need no package. */
export const DESK_FUSES = Object.freeze({
  // the binary cannot be turned into a plain Node (ELECTRON_RUN_AS_NODE): the demo server runs in a utilityProcess
  RunAsNode: false,
  // NODE_OPTIONS / NODE_EXTRA_CA_CERTS cannot inject code or flags into the desk
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends cannot attach a debugger to the main process
  EnableNodeCliInspectArguments: false,
  // cookies and local storage encrypted at rest with the OS keyring key
  EnableCookieEncryption: true,
  // the app code only from app.asar, never from a loose app/ folder beside it
  OnlyLoadAppFromAsar: true,
  // app.asar checked against the hash embedded at build time (macOS; Windows from Electron 30)
  EnableEmbeddedAsarIntegrityValidation: true,
  // no browser-process V8 snapshot swap
  LoadBrowserProcessSpecificV8Snapshot: false,
  // kept on: the renderer loads from file:// (see 0023 for the custom-protocol follow-up)
  GrantFileProtocolExtraPrivileges: true,
});

/** The Electron binary inside a packed app folder, per platform. */
export function electronBinaryPath(appOutDir, platform, productFilename) {
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${productFilename}.app`, 'Contents', 'MacOS', productFilename);
  if (platform === 'win32') return join(appOutDir, `${productFilename}.exe`);
  return join(appOutDir, productFilename.toLowerCase().replace(/\s+/g, '-'));
}

export async function flipDeskFuses(binary, { platform = process.platform, arch = process.arch } = {}) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64', strictlyRequireAllFuses: false };
  for (const [name, value] of Object.entries(DESK_FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  await flipFuses(binary, config);
  return binary;
}

/** electron-builder afterPack hook (after packing, before signing). */
export async function afterPack(context) {
  const arch = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }[context.arch] ?? process.arch;
  const binary = electronBinaryPath(context.appOutDir, context.electronPlatformName, context.packager.appInfo.productFilename);
  await flipDeskFuses(binary, { platform: context.electronPlatformName, arch });
  console.log(`fuses flipped: ${binary}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: node scripts/package/fuses.mjs <path to the packed Electron binary>');
    process.exit(2);
  }
  flipDeskFuses(binary).then(
    (b) => console.log(`fuses flipped: ${b}`),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
