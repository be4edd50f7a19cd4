import { describe, expect, it } from 'vitest';
import { DriverNameSchema } from '../devices.js';
import { USER_ROLES } from '../identity.js';
import { BriefingSchema, COMMANDS, COMMANDS_BY_NAME, CommandNameSchema, MacroSchema } from './index.js';

describe('the command catalog', () => {
  it('has the commands of every system the documents name, each once', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(COMMANDS.map((c) => c.system))).toEqual(new Set(['wall', 'briefing', 'display', 'matrix', 'audio', 'lighting', 'osc', 'projector', 'device']));
  });

  it('labels and explains every command in Vietnamese and English, and names who may run it', () => {
    for (const c of COMMANDS) {
      expect(CommandNameSchema.safeParse(c.name).success, c.name).toBe(true);
      for (const text of [c.label.vi, c.label.en, c.help.vi, c.help.en]) expect(text.trim().length, c.name).toBeGreaterThan(2);
      expect(c.label.vi, c.name).not.toBe(c.label.en);
      expect(c.roles.length, c.name).toBeGreaterThan(0);
      for (const r of c.roles) expect(USER_ROLES).toContain(r);
      expect(c.roles, `${c.name}: a viewer only watches`).not.toContain('viewer');
      expect(c.roles, `${c.name}: an admin may do everything`).toContain('admin');
      for (const d of c.drivers ?? []) expect(DriverNameSchema.options).toContain(d);
    }
  });

  it('checks arguments with the schema of each command', () => {
    const lang = COMMANDS_BY_NAME.get('wall.language')!;
    expect(lang.args.safeParse({ wallId: 'main', language: 'en' }).success).toBe(true);
    expect(lang.args.safeParse({ wallId: 'main', language: 'fr' }).success).toBe(false);
    const power = COMMANDS_BY_NAME.get('display.power')!;
    expect(power.args.safeParse({ device: 'display-left', on: true }).success).toBe(true);
    expect(power.args.safeParse({ device: 'display-left', on: 'yes' }).success).toBe(false);
    expect(power.args.safeParse({ device: 'display-left', on: true, extra: 1 }).success).toBe(false);
    const route = COMMANDS_BY_NAME.get('matrix.route')!;
    expect(route.args.safeParse({ device: 'matrix', input: 0, output: 1 }).success).toBe(false);
    const osc = COMMANDS_BY_NAME.get('osc.send')!;
    expect(osc.args.safeParse({ device: 'lights', address: 'no-slash' }).success).toBe(false);
    expect(osc.args.parse({ device: 'lights', address: '/scene/recall' })).toEqual({ device: 'lights', address: '/scene/recall', args: [] });
  });

  it('asks for a confirmation before what is disruptive: power, saving presets, ending a briefing', () => {
    for (const n of ['display.power', 'projector.power', 'matrix.preset.save', 'matrix.preset.recall', 'briefing.end', 'display.wall']) expect(COMMANDS_BY_NAME.get(n)!.confirm, n).toBe(true);
    for (const n of ['wall.scene.show', 'briefing.next', 'display.volume']) expect(COMMANDS_BY_NAME.get(n)!.confirm, n).toBe(false);
  });

  it('marks safety actions urgent (they jump a device queue): power off, mute on, never their opposites', () => {
    const urgent = (n: string, args: Record<string, unknown>) => COMMANDS_BY_NAME.get(n)!.urgent?.(args) === true;
    expect(urgent('display.power', { device: 'd', on: false })).toBe(true);
    expect(urgent('display.power', { device: 'd', on: true })).toBe(false);
    expect(urgent('projector.power', { device: 'p', on: false })).toBe(true);
    expect(urgent('display.mute', { device: 'd', on: true })).toBe(true);
    expect(urgent('projector.mute', { device: 'p', on: true, target: 'all' })).toBe(true);
    expect(urgent('audio.mute', { device: 'm', channel: 1, on: false })).toBe(false);
    expect(urgent('display.volume', { device: 'd', level: 0 })).toBe(false);
  });

  it('reads macros and briefings as data, naming what is wrong', () => {
    const macro = MacroSchema.parse({
      name: 'room.mode.briefing',
      label: { vi: 'Họp', en: 'Briefing' },
      help: { vi: 'Họp', en: 'Briefing' },
      roles: ['operator'],
      steps: [{ command: 'display.power', args: { device: 'd', on: true } }, { delayMs: 500 }, { command: 'light.level', args: {}, when: { device: 'lights', online: true } }],
    });
    expect(macro.confirm).toBe(true);
    expect(macro.steps[0]).toMatchObject({ wait: true, continueOnError: false });
    const bad = MacroSchema.safeParse({ name: 'room', label: { vi: 'a', en: 'b' }, help: { vi: 'a', en: 'b' }, roles: ['guest'], steps: [] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['name', 'roles.0', 'steps']);
    expect(BriefingSchema.safeParse({ id: 'b', name: { vi: 'a', en: 'b' }, wall: 'main', steps: [{ scene: 'overview', unit: '01' }] }).success).toBe(true);
  });
});
