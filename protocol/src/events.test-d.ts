import { expectTypeOf, test } from 'vitest';
import type {
  CommandEnvelope,
  CommandResult,
  ConsoleServerToClient,
  LiveMessage,
  Topic,
  WallClientToServer,
  WallJoinResult,
  WallServerToClient,
} from '@ioc/protocol';

test('the wall event maps carry the contract types', () => {
  expectTypeOf<Parameters<WallServerToClient['live']>[0]['messages'][number]>().toEqualTypeOf<LiveMessage>();
  expectTypeOf<Parameters<WallClientToServer['live:subscribe']>[0]['topics'][number]>().toEqualTypeOf<Topic>();
});

test('topics are template literal types, not any string', () => {
  expectTypeOf<'series:cpi_yoy:VN'>().toExtend<Topic>();
  expectTypeOf<'cpi_yoy'>().not.toExtend<Topic>();
});

test('a command result names the client id, and errors carry a code', () => {
  expectTypeOf<Extract<CommandResult, { ok: false }>['error']['code']>().toEqualTypeOf<
    'invalid' | 'unauthorised' | 'forbidden' | 'not_found' | 'confirm_required' | 'unsupported' | 'device_failed' | 'conflict' | 'rate_limited' | 'queue_full' | 'in_progress' | 'failed'
  >();
  expectTypeOf<CommandEnvelope['clientId']>().toEqualTypeOf<string>();
  expectTypeOf<CommandEnvelope['confirmed']>().toEqualTypeOf<boolean | undefined>();
});

test('walls and consoles are told every server of the center, for failover', () => {
  expectTypeOf<Extract<WallJoinResult, { ok: true }>['servers']>().toEqualTypeOf<string[]>();
  expectTypeOf<Parameters<ConsoleServerToClient['console:servers']>[0]>().toEqualTypeOf<string[]>();
});
