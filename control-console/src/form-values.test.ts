import { describe, expect, it } from 'vitest';
import { buildFormModel, formModelOf } from './form-model.js';
import { formToArgs, initialValues, parseNumber } from './form-values.js';
import { DISPLAY_INPUT, DISPLAY_POWER, DISPLAY_VOLUME, DISPLAY_WALL, LIGHT_LEVEL, OSC_SEND, PROJECTOR_MUTE, WALL_DRILLDOWN, WALL_SCENE_SHOW } from './testing/fixtures.js';

describe('initialValues', () => {
  it('prefills defaults, the only choice, and false for a required toggle', () => {
    expect(initialValues(formModelOf(PROJECTOR_MUTE))).toEqual({ device: '', on: false, target: 'all' });
    expect(initialValues(formModelOf(WALL_SCENE_SHOW))).toEqual({ wallId: 'main', sceneId: '' });
    expect(initialValues(formModelOf(OSC_SEND))).toEqual({ device: '', address: '', args: '[]' });
  });

  it('starts a nullable choice on "none" (the whole country)', () => {
    expect(initialValues(formModelOf(WALL_DRILLDOWN))).toEqual({ wallId: 'main', unit: null });
  });

  it('flattens groups into dotted paths', () => {
    expect(initialValues(formModelOf(DISPLAY_WALL))).toEqual({ device: '', on: false, 'layout.rows': '', 'layout.cols': '', 'layout.position': '' });
  });
});

describe('parseNumber', () => {
  it('reads decimals with a dot or a comma', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' -3.5 ')).toBe(-3.5);
    expect(parseNumber('0,75')).toBe(0.75);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('1e2')).toBe(100);
  });

  it('refuses what is not a number', () => {
    for (const text of ['', ' ', 'abc', '12abc', '1.2.3', '1,2,3', 'Infinity', '0x10', '--1']) expect(parseNumber(text)).toBeNull();
  });
});

describe('formToArgs', () => {
  it('parses numbers and keeps choices', () => {
    const fields = formModelOf(LIGHT_LEVEL);
    expect(formToArgs(fields, { device: 'lights', channel: '2', level: '37,5' })).toEqual({ ok: true, args: { device: 'lights', channel: 2, level: 37.5 } });
  });

  it('sends the booleans as chosen', () => {
    expect(formToArgs(formModelOf(DISPLAY_POWER), { device: 'display-left', on: true })).toEqual({ ok: true, args: { device: 'display-left', on: true } });
    expect(formToArgs(formModelOf(DISPLAY_POWER), { device: 'display-left', on: false })).toEqual({ ok: true, args: { device: 'display-left', on: false } });
  });

  it('reports required fields left empty, and sends nothing', () => {
    expect(formToArgs(formModelOf(DISPLAY_INPUT), { device: '', source: '' })).toEqual({ ok: false, errors: { device: { code: 'required' }, source: { code: 'required' } } });
    expect(formToArgs(formModelOf(DISPLAY_VOLUME), { device: 'display-left', level: '  ' })).toEqual({ ok: false, errors: { level: { code: 'required' } } });
  });

  it('checks numbers against the schema', () => {
    const fields = formModelOf(DISPLAY_VOLUME);
    const run = (level: string) => formToArgs(fields, { device: 'display-left', level });
    expect(run('abc')).toEqual({ ok: false, errors: { level: { code: 'not-a-number' } } });
    expect(run('2.5')).toEqual({ ok: false, errors: { level: { code: 'not-an-integer' } } });
    expect(run('-1')).toEqual({ ok: false, errors: { level: { code: 'below-min', min: 0 } } });
    expect(run('101')).toEqual({ ok: false, errors: { level: { code: 'above-max', max: 100 } } });
    expect(run('100')).toEqual({ ok: true, args: { device: 'display-left', level: 100 } });
  });

  it('drops empty optional fields so the server applies its defaults', () => {
    const fields = formModelOf(PROJECTOR_MUTE);
    expect(formToArgs(fields, { device: 'projector', on: true, target: '' })).toEqual({ ok: true, args: { device: 'projector', on: true } });
    expect(formToArgs(formModelOf(OSC_SEND), { device: 'mixer', address: '/ch/01', args: '' })).toEqual({ ok: true, args: { device: 'mixer', address: '/ch/01' } });
  });

  it('sends null for the "none" option of a nullable choice', () => {
    const fields = formModelOf(WALL_DRILLDOWN);
    expect(formToArgs(fields, { wallId: 'main', unit: null })).toEqual({ ok: true, args: { wallId: 'main', unit: null } });
    expect(formToArgs(fields, { wallId: 'main', unit: '79' })).toEqual({ ok: true, args: { wallId: 'main', unit: '79' } });
    expect(formToArgs(fields, { wallId: 'main', unit: 'XX' })).toEqual({ ok: false, errors: { unit: { code: 'not-a-choice' } } });
  });

  it('keeps a numeric choice a number', () => {
    const fields = buildFormModel({ type: 'object', properties: { preset: { type: 'integer' } }, required: ['preset'] }, { preset: [{ value: 3, label: { vi: 'Ba', en: 'Three' } }] });
    expect(formToArgs(fields, { preset: '3' })).toEqual({ ok: true, args: { preset: 3 } });
  });

  it('drops an optional group left blank, and checks it whole once started', () => {
    const fields = formModelOf(DISPLAY_WALL);
    const base = { device: 'display-left', on: true };
    expect(formToArgs(fields, { ...base, 'layout.rows': '', 'layout.cols': '', 'layout.position': '' })).toEqual({ ok: true, args: base });
    expect(formToArgs(fields, { ...base, 'layout.rows': '2', 'layout.cols': '', 'layout.position': '' })).toEqual({
      ok: false,
      errors: { 'layout.cols': { code: 'required' }, 'layout.position': { code: 'required' } },
    });
    expect(formToArgs(fields, { ...base, 'layout.rows': '2', 'layout.cols': '2', 'layout.position': '3' })).toEqual({
      ok: true,
      args: { ...base, layout: { rows: 2, cols: 2, position: 3 } },
    });
  });

  it('checks string patterns and lengths, and JSON', () => {
    const fields = formModelOf(OSC_SEND);
    const base = { device: 'mixer', address: '/ch/01/mix/fader' };
    expect(formToArgs(fields, { ...base, address: 'ch 01' })).toEqual({ ok: false, errors: { address: { code: 'pattern' } } });
    expect(formToArgs(fields, { ...base, args: '[0.75, "x", true]' })).toEqual({ ok: true, args: { ...base, args: [0.75, 'x', true] } });
    expect(formToArgs(fields, { ...base, args: '[0.75,' })).toEqual({ ok: false, errors: { args: { code: 'invalid-json' } } });
    expect(formToArgs(fields, { ...base, args: '{"a":1}' })).toEqual({ ok: false, errors: { args: { code: 'json-type', expected: 'array' } } });
    const short = buildFormModel({ type: 'object', properties: { s: { type: 'string', minLength: 2, maxLength: 3 } } });
    expect(formToArgs(short, { s: 'a' })).toEqual({ ok: false, errors: { s: { code: 'too-short', min: 2 } } });
    expect(formToArgs(short, { s: 'abcd' })).toEqual({ ok: false, errors: { s: { code: 'too-long', max: 3 } } });
  });

  it('sends a form filled with its initial values when they are complete', () => {
    const fields = formModelOf(WALL_DRILLDOWN);
    expect(formToArgs(fields, initialValues(fields))).toEqual({ ok: true, args: { wallId: 'main', unit: null } });
  });
});
