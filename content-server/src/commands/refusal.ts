import type { CommandError } from '@ioc/protocol';

/** A command that cannot run, with the code and message the sender sees. Thrown by executors. */
export class CommandRefusal extends Error {
  constructor(
    readonly code: CommandError['code'],
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CommandRefusal';
  }

  toError(): CommandError {
    return this.field === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, field: this.field };
  }
}
