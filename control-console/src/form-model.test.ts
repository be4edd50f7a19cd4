import { describe, expect, it } from 'vitest';
import { buildFormModel, formModelOf, leafFields } from './form-model.js';
import { DISPLAY_CHOICES, DISPLAY_INPUT, DISPLAY_POWER, DISPLAY_VOLUME, DISPLAY_WALL, LIGHT_LEVEL, OSC_SEND, PROJECTOR_MUTE, ROOM_MODE_BRIEFING, UNIT_CHOICES, WALL_DRILLDOWN } from './testing/fixtures.js';

describe('buildFormModel', () => {
  it('makes a choice field of an argument the room offers values for, and a boolean toggle', () => {
    expect(formModelOf(DISPLAY_POWER)).toEqual([
      { name: 'device', path: 'device', required: true, nullable: false, kind: 'choice', options: DISPLAY_CHOICES },
      { name: 'on', path: 'on', required: true, nullable: false, kind: 'boolean' },
    ]);
  });

  it('reads an enum', () => {
    expect(formModelOf(DISPLAY_INPUT)[1]).toEqual({ name: 'source', path: 'source', required: true, nullable: false, kind: 'enum', options: ['hdmi1', 'hdmi2', 'dp', 'dvi'] });
  });

  it('keeps an enum default and marks the field optional', () => {
    expect(formModelOf(PROJECTOR_MUTE)[2]).toEqual({ name: 'target', path: 'target', required: false, nullable: false, kind: 'enum', options: ['all', 'video', 'audio'], default: 'all' });
  });

  it('reads integer and number bounds', () => {
    expect(formModelOf(DISPLAY_VOLUME)[1]).toEqual({ name: 'level', path: 'level', required: true, nullable: false, kind: 'integer', minimum: 0, maximum: 100 });
    expect(formModelOf(LIGHT_LEVEL).map((f) => [f.name, f.kind])).toEqual([
      ['device', 'choice'],
      ['channel', 'integer'],
      ['level', 'number'],
    ]);
  });

  it('unwraps a nullable argument and still offers its choices', () => {
    const [, unit] = formModelOf(WALL_DRILLDOWN);
    expect(unit).toEqual({ name: 'unit', path: 'unit', required: true, nullable: true, kind: 'choice', options: UNIT_CHOICES });
  });

  it('falls back to the schema when there are no choices for a nullable string', () => {
    const [, unit] = buildFormModel(WALL_DRILLDOWN.args);
    expect(unit).toEqual({ name: 'unit', path: 'unit', required: true, nullable: true, kind: 'string', pattern: '^[A-Za-z0-9_.-]{1,32}$' });
  });

  it('nests the fields of an object with known properties, with dotted paths', () => {
    const layout = formModelOf(DISPLAY_WALL)[2];
    expect(layout?.kind).toBe('group');
    expect(layout?.required).toBe(false);
    expect(leafFields(formModelOf(DISPLAY_WALL)).map((f) => `${f.path}:${f.kind}:${f.required}`)).toEqual([
      'device:choice:true',
      'on:boolean:true',
      'layout.rows:integer:true',
      'layout.cols:integer:true',
      'layout.position:integer:true',
    ]);
  });

  it('asks for JSON where no control fits (a list of OSC values), with its default', () => {
    const fields = formModelOf(OSC_SEND);
    expect(fields[1]).toEqual({ name: 'address', path: 'address', required: true, nullable: false, kind: 'string', pattern: '^\\/[^\\s#*,?[\\]{}]*$' });
    expect(fields[2]).toEqual({ name: 'args', path: 'args', required: false, nullable: false, kind: 'json', expect: 'array', default: [] });
  });

  it('reads type arrays, const, exclusive bounds and string lengths', () => {
    const fields = buildFormModel({
      type: 'object',
      properties: {
        note: { type: ['string', 'null'], minLength: 2, maxLength: 5, default: 'abc' },
        mode: { const: 'fixed' },
        count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10 },
        free: { type: 'object' },
      },
      required: ['mode'],
    });
    expect(fields).toEqual([
      { name: 'note', path: 'note', required: false, nullable: true, kind: 'string', minLength: 2, maxLength: 5, default: 'abc' },
      { name: 'mode', path: 'mode', required: true, nullable: false, kind: 'enum', options: ['fixed'] },
      { name: 'count', path: 'count', required: false, nullable: false, kind: 'integer', minimum: 1, maximum: 9 },
      { name: 'free', path: 'free', required: false, nullable: false, kind: 'json', expect: 'object' },
    ]);
  });

  it('gives a macro no fields', () => {
    expect(formModelOf(ROOM_MODE_BRIEFING)).toEqual([]);
    expect(buildFormModel({})).toEqual([]);
  });
});
