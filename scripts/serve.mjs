// npm run serve -- [--server URL --token T] [--port P] [--data DIR] [--host H]
// Browser mode: the desk's back end in plain Node, serving the built renderer.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './lib/build.mjs';

buildIfStale();
const child = spawn(process.execPath, [join(root, 'out/main/browser.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
