import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';

/**
 * The last net behind the edges: a rejected promise that a handler left unobserved (`void p`)
 * would end the process under Node's default (`--unhandled-rejections=throw`). It is logged and
 * audited (`process.unhandled`) instead; the edges answer the request or event themselves.
 */
export function installProcessNet(log: Logger, audit: Audit): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (a handler did not observe its promise)');
    // The audit itself may be what failed (disk full); the log line stays. Caught here, or a
    // failed audit would be one more unhandled rejection, and so on.
    const ignore = () => {};
    try {
      void audit.write({ actor: 'system', action: 'process.unhandled', detail: { error: String((reason as Error)?.message ?? reason).slice(0, 300) }, ok: false }).catch(ignore);
    } catch {
      ignore();
    }
  });
}
