import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The root logger. Modules take a child named after their domain (`feeds:ingest`,
 * `wall:layouts`) so that a line says where it comes from. Keys are redacted wherever a
 * careless log call might carry one.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: null,
    redact: { paths: ['key', 'token', '*.key', '*.token', 'req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  });
}

export function namedLogger(root: Logger, name: string): Logger {
  return root.child({ name });
}
