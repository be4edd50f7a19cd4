import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Credentials an address may still carry (a kiosk provisioned before codes, a pasted link). */
const URL_SECRET = /([?&](?:token|code|key|access_token)=)[^&#\s]*/gi;

/** An address with the values of credential parameters replaced. */
export function redactUrl(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(URL_SECRET, '$1[redacted]') : url;
}

/**
 * The root logger. Modules take a child named after their domain (`feeds:ingest`,
 * `wall:layouts`) so that a line says where it comes from. Keys, tokens, passwords and
 * authorization headers are redacted wherever a careless log call might carry one, and so are
 * credential parameters of a logged `url`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: null,
    serializers: { url: redactUrl },
    redact: {
      paths: [
        'key',
        'token',
        'password',
        'authorization',
        '*.key',
        '*.token',
        '*.password',
        '*.authorization',
        'req.headers.authorization',
        'headers.authorization',
        '*.headers.authorization',
        'handshake.auth',
        '*.handshake.auth',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export function namedLogger(root: Logger, name: string): Logger {
  return root.child({ name });
}
