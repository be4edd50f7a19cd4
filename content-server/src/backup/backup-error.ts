/**
 * Why a backup or restore did not happen, in words an operator can act on (English, then
 * Vietnamese, as the other `ops` errors). `ops` prints the message alone, without a stack.
 */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** The last lines of a log, for an error that must show what the program itself said. */
export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
