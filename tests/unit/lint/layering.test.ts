// The layering of docs/architecture.md is enforced by lint (eslint-rules/layers.js): each planted
// violation below fails `npm run lint`, and each allowed import passes.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/imports' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<[string, string, boolean]> = [
  // src/shared: pure (zod only)
  ['src/shared/x.ts', "import '@main/backend';", false],
  ['src/shared/x.ts', "import 'node:fs';", false],
  ['src/shared/x.ts', "import fs from 'fs';", false],
  ['src/shared/x.ts', "import 'react';", false],
  ['src/shared/x.ts', "import 'drizzle-orm';", false],
  ['src/shared/x.ts', "import '@node/sqlite-job';", false],
  ['src/shared/x.ts', "import '@shared/stages';", true],
  ['src/shared/x.ts', "import { z } from 'zod';", true],
  // src/node: Node code shared by server and desk
  ['src/node/x.ts', "import 'node:worker_threads';", true],
  ['src/node/x.ts', "import '@server/app';", false],
  ['src/node/x.ts', "import '@main/backend';", false],
  ['src/node/x.ts', "import 'socket.io';", false],
  // src/server
  ['src/server/x.ts', "import '@main/backend';", false],
  ['src/server/x.ts', "import 'electron';", false],
  ['src/server/x.ts', "import 'react';", false],
  ['src/server/x.ts', "import 'leaflet';", false],
  ['src/server/x.ts', "import 'socket.io-client';", false],
  ['src/server/x.ts', "import '../main/backend';", false],
  ['src/server/x.ts', "import '@shared/protocol';", true],
  ['src/server/x.ts', "import '@node/sqlite-job';", true],
  ['src/server/x.ts', "import { Server } from 'socket.io';", true],
  ['src/server/db/x.ts', "import '../floor/http';", true],
  // src/main: the back end
  ['src/main/sync/x.ts', "import '@server/app';", false],
  ['src/main/sync/x.ts', "import 'electron';", false],
  ['src/main/sync/x.ts', "import 'leaflet';", false],
  ['src/main/sync/x.ts', "import 'socket.io';", false],
  ['src/main/sync/x.ts', "import '@main/electron/desktop';", false],
  ['src/main/sync/x.ts', "import '../electron/desktop';", false],
  ['src/main/sync/x.ts', "import '../../shared/stages';", false],
  ['src/main/x.ts', "import '../shared/stages';", false],
  ['src/main/x.ts', "const m = await import('../server/app');", false],
  ['src/main/x.ts', "const m = require('react');", false],
  ['src/main/sync/x.ts', "import '@shared/protocol';", true],
  ['src/main/sync/x.ts', "import { io } from 'socket.io-client';", true],
  ['src/main/sync/x.ts', "import Database from 'better-sqlite3';", true],
  ['src/main/index.ts', "import 'electron';", true],
  ['src/main/electron/x.ts', "import 'electron';", true],
  ['src/main/electron/x.ts', "import './desktop';", true],
  // src/renderer: sandboxed UI
  ['src/renderer/x.ts', "import '@main/backend';", false],
  ['src/renderer/x.ts', "import 'electron';", false],
  ['src/renderer/x.ts', "import 'node:fs';", false],
  ['src/renderer/x.ts', "import 'better-sqlite3';", false],
  ['src/renderer/x.ts', "import 'ws';", false],
  ['src/renderer/x.ts', "import 'socket.io-client';", false],
  ['src/renderer/x.ts', "import '@node/sqlite-job';", false],
  ['src/renderer/x.ts', "import '../shared/contract';", false],
  ['src/renderer/x.ts', "import '@shared/contract';", true],
  ['src/renderer/x.ts', "import * as echarts from 'echarts/core';", true],
  ['src/renderer/x.tsx', "import { useState } from 'react';", true],
  // src/preload: the contract only
  ['src/preload/x.ts', "import '@shared/stages';", false],
  ['src/preload/x.ts', "import 'zod';", false],
  ['src/preload/x.ts', "import 'node:fs';", false],
  ['src/preload/x.ts', "import type { DeskApi } from '@shared/contract';", true],
  ['src/preload/x.ts', "import { ipcMethodChannel } from '@shared/ipc-channels';", true],
  ['src/preload/x.ts', "import { contextBridge } from 'electron';", true],
];

describe('layering lint rule', () => {
  it.each(cases)('%s: %s → allowed %s', async (file, code, allowed) => {
    const errors = await layerErrors(file, `${code}\n`);
    expect(errors.length === 0, errors.join('\n')).toBe(allowed);
  });

  it('names the layer, the import and why', async () => {
    const [message] = await layerErrors('src/renderer/x.ts', "import Database from 'better-sqlite3';\n");
    expect(message).toContain('src/renderer may not import the package better-sqlite3');
    expect(message).toContain('sandbox');
  });
});
