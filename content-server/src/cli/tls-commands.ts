import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { TlsInitResult } from '../http/tls-ca.js';

/** A SAN entry must be a host name or an IP address; anything else is a typo to refuse. */
export function checkSan(name: string): string | null {
  if (isIP(name)) return null;
  const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  return new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`).test(name) ? null : `"${name}" is neither a host name nor an IP address`;
}

/** What to do next, printed after `ops tls init`. */
export function tlsInitReport(r: TlsInitResult, port: string): string {
  return [
    `Local CA and server certificate written to ${r.dir} (owner-only, 0600).`,
    `  The certificate covers: ${r.sans.join(', ')}  (ops tls init --force --san <name> adds a name)`,
    '',
    'Start the server with:',
    `  TLS_CERT=${r.files.cert}`,
    `  TLS_KEY=${r.files.key}`,
    `Then open https://localhost:${port}/ (plain http:// on the same port redirects there).`,
    '',
    `Trust the CA (${r.files.caCert}) on every wall and console machine, once:`,
    '  Debian/Ubuntu system store: sudo cp tls-ca.pem /usr/local/share/ca-certificates/ioc-ca.crt && sudo update-ca-certificates',
    '  Chromium, Electron kiosk and the Chromium launcher on Linux (NSS, per user running the kiosk):',
    '    certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "IOC local CA" -i tls-ca.pem',
    '  Windows (system store, used by Electron and Chrome): certutil -addstore -f Root tls-ca.pem',
    '  Node clients and scripts: NODE_EXTRA_CA_CERTS=tls-ca.pem',
    '',
    `Keep ${r.files.caKey} off the server once done (it can sign a certificate for any name); it is needed only to make a new server certificate.`,
  ].join('\n');
}

export function registerTlsCommands(program: Command): void {
  const tls = program.command('tls').description('HTTPS for the content server');
  tls
    .command('init')
    .description('make a local CA and a server certificate (for a center without its own PKI)')
    .option('--dir <folder>', 'where to write them (default: DATA_DIR)')
    .option('--san <name>', 'one more host name or IP address the certificate covers (repeatable)', (value: string, list: string[]) => {
      const problem = checkSan(value);
      if (problem) throw new InvalidArgumentError(problem);
      return [...list, value];
    }, [] as string[])
    .option('--force', 'replace existing files')
    .action(async (opts: { dir?: string; san: string[]; force?: boolean }) => {
      const dir = resolve(opts.dir ?? process.env['DATA_DIR'] ?? './data');
      try {
        // Loaded here: node-forge is large, and every other ops command starts without it.
        const { tlsInit } = await import('../http/tls-ca.js');
        const result = tlsInit(dir, opts.san, { force: opts.force === true });
        process.stdout.write(`${tlsInitReport(result, process.env['PORT'] || '8080')}\n`);
      } catch (err) {
        process.stderr.write(`ops tls init: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
