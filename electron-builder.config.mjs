// Packaging DutyDesk (electron-builder; not installed yet: `npx electron-builder --config
// electron-builder.config.mjs`). Security parts (issue 8, docs/decisions/0023): the app only from
// an asar with its integrity embedded, fuses flipped in afterPack before signing.
import { afterPack } from './scripts/package/fuses.mjs';

export default {
  appId: 'com.dutydesk.desk',
  productName: 'DutyDesk',
  directories: { output: 'dist', buildResources: 'resources' },
  // drizzle/: the migrations the desk (replica, outbox) and its demo server run at start; appRoot()
  // finds the app by package.json beside drizzle/
  files: ['out/**/*', 'drizzle/**/*', 'package.json', '!**/*.map', '!**/*.ts'],
  asar: true,
  // native modules (better-sqlite3) cannot be loaded from inside the archive
  asarUnpack: ['**/*.node'],
  afterPack,
  mac: { hardenedRuntime: true, target: ['dmg'] },
  win: { target: ['nsis'] },
  linux: { target: ['AppImage', 'deb'], category: 'Office' },
};
