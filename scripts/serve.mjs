// npm run serve -- [--server URL [--token-file FILE]] [--port P] [--data DIR] [--host H]
// (the token: DUTYDESK_SERVER_TOKEN or --token-file; a --token is handed on in the environment, with a warning)
// Browser mode: the desk's back end in plain Node, serving the built renderer, under a supervisor
// that restarts it after a crash with the same port and key (docs/decisions/0026).
import { buildIfStale, root } from './lib/build.mjs';
import { superviseBrowserMode } from './lib/supervise.mjs';

buildIfStale();
superviseBrowserMode({ root, args: process.argv.slice(2) });
