/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node -r) must use require */
// Preloaded into electronegativity's process: it writes its CSV header and rows with two racing
// fs.writeFile calls (header with flag 'w', rows with flag 'a'), so under load the file can come out
// garbled or with the rows lost. Making writeFile synchronous restores the intended order.
const fs = require('node:fs');
fs.writeFile = function writeFileInOrder(file, data, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'function' ? undefined : options;
  try {
    fs.writeFileSync(file, data, opts);
    if (cb) process.nextTick(cb, null);
  } catch (err) {
    if (cb) process.nextTick(cb, err);
    else throw err;
  }
};
