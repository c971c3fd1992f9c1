// Browser mode under the supervisor, without the build check of `npm run serve`: for tests and
// service managers that build beforehand. Flags are browser mode's (see scripts/serve.mjs).
import { root } from './lib/build.mjs';
import { superviseBrowserMode } from './lib/supervise.mjs';

superviseBrowserMode({ root, args: process.argv.slice(2) });
