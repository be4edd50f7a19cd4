import { loadConfig } from './config.js';
import { createLogger, namedLogger } from './logger.js';
import { createServer } from './server.js';

/** Entry point: reads the environment, starts the server, prints where to point browsers. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const server = await createServer({ ...config, logger: log });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${shown}:${server.port}`;
  const lines = ['', `IOC content server on ${base}  (data: ${config.dataDir}, layouts: ${config.layoutsDir})`, ''];
  if (server.demoConsoleKey) {
    lines.push(`  Console (demo key, valid until the next start):`, `    ${base}/console/#key=${server.demoConsoleKey}`);
  } else {
    lines.push(`  Console: ${base}/console/   (log in with an operator key: ops apikey create <name> --role operator)`);
  }
  lines.push('', '  Wall tiles (one browser or kiosk window per display):');
  // A single-use enrollment code, never the token: an address ends up in proxies' and browsers' logs.
  const demoCodes = new Map(server.demoDisplays.map((d) => [`${d.wallId}/${d.displayId}`, d.code]));
  for (const wall of server.wall.layouts.walls()) {
    for (const d of wall.displays) {
      const code = demoCodes.get(`${wall.id}/${d.id}`);
      lines.push(`    ${base}/wall/?wall=${wall.id}&display=${d.id}${code ? `&code=${code}` : ''}   (${wall.name.en}, row ${d.row}, column ${d.col})`);
    }
  }
  if (server.wallDevices.mode === 'open') {
    lines.push('  WALL_AUTH=open: any page may join a wall and receive its data. Use enrolled displays in production.');
  } else if (demoCodes.size > 0) {
    lines.push('  (demo enrollment codes: each is traded once, within 12 hours, for the page\'s token, which it keeps)');
  } else {
    lines.push(
      '  Displays must be enrolled: open the URL on the display, it shows a pairing code;',
      `  enroll it in the console (Ghép màn hình / Enroll displays, technician or admin) or with ops wall-device enroll.`,
    );
  }
  lines.push('', `  API: ${base}/api/v1/openapi.json    Health: ${base}/healthz`, config.demo ? '  Demo feed: on (DEMO=0 turns it off); all its values are synthetic.' : '  Demo feed: off');
  const devices = server.devices.list();
  const leftOut = server.devices.demoLeftOut();
  const demoNote = leftOut.length ? `; ${leftOut.length} demo device profiles left out: they exist only with the demo room, DEMO_ROOM=1` : '';
  lines.push(config.demoRoom ? `  Demo room: ${devices.length} emulated devices (${devices.map((d) => d.id).join(', ')}); DEMO_ROOM=0 turns them off.` : `  Devices: ${devices.length} (from ${config.layoutsDir}/devices${demoNote})`, '');
  // Printed, not logged: this is the operator's first screen, and it carries the demo key.
  process.stdout.write(`${lines.join('\n')}\n`);

  const shutdown = (signal: string) => {
    namedLogger(log, 'main').info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        namedLogger(log, 'main').error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`content server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
