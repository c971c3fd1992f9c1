/**
 * Imported first by the Electron entry (src/main/index.ts), so it runs before any module reads the
 * environment: in a packaged app the variables that load code from elsewhere are removed from
 * process.env, which the worker threads and the demo server's utility process inherit too.
 */
import { app } from 'electron';
import { codeLoadingEnvDecision } from '@main/security/packaged-env';

const decision = codeLoadingEnvDecision(app.isPackaged, process.env);
for (const name of decision.ignored) delete process.env[name];
for (const line of decision.warnings) console.warn(line);
