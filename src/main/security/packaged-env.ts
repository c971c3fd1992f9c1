/**
 * Environment variables that make the desk load code from somewhere else: `DUTYDESK_ROOT` moves
 * the app root (the order server bundle the utility process runs, the migrations), and
 * `DUTYDESK_SQLITE_BINDING` names a native `.node` file that better-sqlite3 loads. Development needs
 * them (npm start passes the Electron build of better-sqlite3); a packaged app carries its own and
 * must ignore them, or anyone who can set the user's environment (a login script, a shortcut) runs
 * their code inside the desk, past the fuses and the asar integrity check (issue 16, finding 6).
 * Electron-free: src/main/electron/packaged-env.ts applies the decision at start.
 */
export const CODE_LOADING_ENV = ['DUTYDESK_ROOT', 'DUTYDESK_SQLITE_BINDING'] as const;

export interface PackagedEnvDecision {
  /** the variables to remove from the environment before anything reads them */
  ignored: string[];
  /** one line per ignored variable, for the log */
  warnings: string[];
}

export function codeLoadingEnvDecision(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): PackagedEnvDecision {
  if (!isPackaged) return { ignored: [], warnings: [] };
  const ignored = CODE_LOADING_ENV.filter((name) => env[name] !== undefined);
  return { ignored, warnings: ignored.map((name) => `DutyDesk: ${name} is ignored in the packaged app (it would load code from outside the app)`) };
}
