// Runs Electron's own installer (node_modules/electron/install.js: download, checksum, unzip).
// The root package.json denies that script on the `electron` package itself and this package,
// an optional dependency, runs it instead: where the binary can be downloaded Electron installs
// fully; where it cannot, npm drops this package and the install goes on, and `electron` keeps its
// JavaScript and type definitions (the kiosk shell still builds; the wall runs in any browser).
'use strict';
const { spawnSync } = require('node:child_process');
const { dirname } = require('node:path');

const installer = require.resolve('electron/install.js', { paths: [process.cwd(), __dirname] });
const run = spawnSync(process.execPath, [installer], { stdio: 'inherit', cwd: dirname(installer) });
if (run.status !== 0) {
  console.error(
    `ioc: Electron's binary could not be downloaded (installer exit ${run.status ?? run.signal}). ` +
      'The wall still runs in any browser; for the kiosk shell run `node node_modules/electron/install.js` ' +
      'where the network allows (ELECTRON_MIRROR names a mirror).',
  );
}
process.exit(run.status ?? 1);
