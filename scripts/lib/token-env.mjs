// The order server token goes to a child process in its environment (DUTYDESK_SERVER_TOKEN), never
// in its arguments: any user of the machine can read a command line (ps, /proc/<pid>/cmdline), not
// another user's environment (issue 16). `--token T` still works for the launchers, with the same
// one-line warning as src/main/server-token.ts; `--token-file FILE` is passed on as it is (a path).

export const SERVER_TOKEN_ENV = 'DUTYDESK_SERVER_TOKEN';
export const TOKEN_FLAG_WARNING = `DutyDesk: --token shows the token to every user of this machine (ps); use ${SERVER_TOKEN_ENV} or --token-file FILE instead`;

/** `args` without `--token T` / `--token=T`, and `env` with the token in DUTYDESK_SERVER_TOKEN. */
export function moveTokenToEnv(args, env) {
  const rest = [];
  let token;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg !== '--token' && !arg.startsWith('--token=')) {
      rest.push(arg);
      continue;
    }
    const value = arg === '--token' ? args[i + 1] : arg.slice('--token='.length);
    // a --token without a value is left for the child to refuse by name (exit 2, a usage error)
    if (value === undefined || value === '' || value.startsWith('--')) return { args, env, warning: null };
    if (arg === '--token') i++;
    token = value;
  }
  if (token === undefined) return { args, env, warning: null };
  return { args: rest, env: { ...env, [SERVER_TOKEN_ENV]: token }, warning: TOKEN_FLAG_WARNING };
}
