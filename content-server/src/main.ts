import { loadConfig, type Config } from './config.js';
import { createLogger, namedLogger } from './logger.js';
import { installProcessNet } from './http/process-net.js';
import { createServer } from './server.js';

/** Entry point: reads the environment, starts the server, prints where to point browsers. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const server = await createServer({ ...config, logger: log });
  installProcessNet(namedLogger(log, 'main'), server.audit);
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const shown = everywhere ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `${config.tls ? 'https' : 'http'}://${shown}:${server.port}`;
  const lines = ['', `IOC content server on ${base}  (${config.databaseUrl ? `store: PostgreSQL ${server.store.file}` : `data: ${config.dataDir}`}, layouts: ${config.layoutsDir})`, ...bindLines(config), ''];
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

/** Where the server listens and how to change it: who can reach it is the operator's first question. */
function bindLines(config: Config): string[] {
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const loopback = config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost';
  const lines = [
    everywhere
      ? `  Bound to ${config.host}: every network interface; other machines reach it by this machine's name or address. HOST=127.0.0.1 keeps it to this machine.`
      : loopback
        ? `  Bound to ${config.host}: only this machine can connect. HOST=0.0.0.0 (or one interface's address) opens it to the network for the wall displays.`
        : `  Bound to ${config.host} only.`,
  ];
  if (config.tls) {
    lines.push(`  TLS: ${config.tls.certPath} (${config.tls.names.join(', ')}; until ${config.tls.notAfter.toISOString().slice(0, 10)}); plain http:// on this port redirects to https://.`);
  } else {
    lines.push('  TLS: off (plain HTTP). ops tls init makes a local CA and certificate; then set TLS_CERT and TLS_KEY.');
  }
  return lines;
}

main().catch((err: unknown) => {
  process.stderr.write(`content server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
