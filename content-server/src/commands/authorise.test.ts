import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS_BY_NAME, MacroSchema, type Macro } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { checkMacro } from './catalog.js';
import { forbiddenStep, macroRefusal, macroRoles, wallChangeRefusal, type CommandLookup } from './authorise.js';

/** The briefing room mode as it was shipped: declaring presenter, who may not touch displays. */
function briefingModeForPresenters(): Macro {
  const file = JSON.parse(readFileSync(join(paths.layoutsDir, 'macros/room-mode-briefing.json'), 'utf8')) as Record<string, unknown>;
  return MacroSchema.parse({ ...file, roles: ['operator', 'presenter', 'admin'] });
}

describe('macros are judged by every step', () => {
  it('refuses a presenter the briefing room mode at its first display step, whatever its conditions', () => {
    const macro = briefingModeForPresenters();
    expect(forbiddenStep(macro, 'presenter')).toEqual({ index: 0, command: 'display.power', roles: ['operator', 'technician', 'admin'] });
    expect(macroRefusal('room.mode.briefing', macro, 'presenter')).toBe(
      'the presenter role may not run room.mode.briefing: its step 1 (display.power) is allowed to operator, technician, admin only',
    );
    expect(macroRefusal('room.mode.briefing', macro, 'operator')).toBeNull();
    expect(macroRefusal('room.mode.briefing', macro, 'ingest')).toMatch(/^the ingest role may not run/);
  });

  it('offers a macro only to the declared roles that may send all of its steps', () => {
    expect(macroRoles(briefingModeForPresenters())).toEqual(['operator', 'admin']);
  });

  it('makes a declared role that cannot run a step a load problem naming that step', () => {
    const room = { deviceDriver: (id: string) => ({ 'display-left': 'samsung-mdc', 'display-right': 'samsung-mdc', matrix: 'extron-sis', projector: 'pjlink', lights: 'osc' })[id], wallExists: () => true };
    const problems = checkMacro('macros/room-mode-briefing.json', briefingModeForPresenters(), room);
    expect(problems).toEqual([
      {
        file: 'macros/room-mode-briefing.json',
        path: 'steps[0].command',
        message: 'the presenter role declared in "roles" may not run display.power (allowed: operator, technician, admin); remove presenter from "roles" or this step from the macro',
      },
    ]);
  });

  it('ships room modes that every declared role may run', () => {
    for (const name of ['room-mode-briefing', 'room-mode-normal']) {
      const macro = MacroSchema.parse(JSON.parse(readFileSync(join(paths.layoutsDir, `macros/${name}.json`), 'utf8')));
      expect(macroRoles(macro)).toEqual(macro.roles);
    }
  });
});

describe('wall and briefing commands change only what their sender may change directly', () => {
  // A room whose drill-down is kept to operators: a briefing step that focuses a province is then theirs too.
  const lookup: CommandLookup = (name) => (name === 'wall.drilldown' ? { name, roles: ['operator', 'admin'] } : COMMANDS_BY_NAME.get(name));

  it('refuses a presenter a briefing step that focuses a province when only operators may drill down', () => {
    expect(wallChangeRefusal('briefing.next', { sceneId: 'overview', focus: '01', briefing: null }, 'presenter', lookup)).toBe(
      'the presenter role may not run briefing.next: it would do what wall.drilldown does, which is allowed to operator, admin only',
    );
    expect(wallChangeRefusal('briefing.next', { sceneId: 'overview', focus: '01' }, 'operator', lookup)).toBeNull();
  });

  it('lets the shipped catalog\'s briefing roles do every step a briefing can take', () => {
    for (const role of COMMANDS_BY_NAME.get('briefing.start')!.roles) {
      expect(wallChangeRefusal('briefing.start', { sceneId: 'overview', focus: '01', briefing: null }, role)).toBeNull();
    }
    expect(wallChangeRefusal('briefing.start', { calibration: null }, 'presenter')).toMatch(/wall\.calibrate/);
  });
});
