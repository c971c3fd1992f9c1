/** Launches the demo order server in an Electron utility process (no runAsNode needed). */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { LaunchServer } from '@main/demo-site';
import { appRoot } from '@main/paths';

export const launchInUtilityProcess: LaunchServer = (args, env) => {
  const child = utilityProcess.fork(join(appRoot(), 'out', 'main', 'server.js'), args, { stdio: 'pipe', env, serviceName: 'DutyDesk order server' });
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    kill: () => void child.kill(),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
  };
};
