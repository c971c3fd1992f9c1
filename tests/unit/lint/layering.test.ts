// The layering rule of docs/architecture.md is enforced by lint: a wrong cross-layer import fails.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<[string, string, boolean]> = [
  ['src/shared/x.ts', "import '@main/backend';", false],
  ['src/shared/x.ts', "import 'node:fs';", false],
  ['src/shared/x.ts', "import 'react';", false],
  ['src/shared/x.ts', "import '@shared/stages';", true],
  ['src/server/x.ts', "import '@main/backend';", false],
  ['src/server/x.ts', "import 'electron';", false],
  ['src/server/x.ts', "import '@shared/protocol';", true],
  ['src/main/sync/x.ts', "import '@server/app';", false],
  ['src/main/sync/x.ts', "import 'electron';", false],
  ['src/main/sync/x.ts', "import '../../shared/stages';", false],
  ['src/main/sync/x.ts', "import '@shared/protocol';", true],
  ['src/main/index.ts', "import 'electron';", true],
  ['src/main/electron/x.ts', "import 'electron';", true],
  ['src/renderer/x.ts', "import '@main/backend';", false],
  ['src/renderer/x.ts', "import 'electron';", false],
  ['src/renderer/x.ts', "import 'node:fs';", false],
  ['src/renderer/x.ts', "import '@shared/contract';", true],
  ['src/preload/x.ts', "import '@shared/stages';", false],
  ['src/preload/x.ts', "import '@shared/contract';", true],
];

describe('layering lint rule', () => {
  it.each(cases)('%s: %s → allowed %s', async (file, code, allowed) => {
    const errors = await restrictedImportErrors(file, `${code}\n`);
    expect(errors.length === 0).toBe(allowed);
  });
});
