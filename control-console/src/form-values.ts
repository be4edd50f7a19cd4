import type { FormField } from './form-model.js';

/**
 * What the form holds while the operator fills it in, and how it becomes a command's `args`.
 * Text inputs keep what was typed (a half-typed `1,` is not a number yet); the conversion and
 * the checks happen once, when the run button is tapped. The server checks everything again.
 */

/**
 * One field's value, by the field's path:
 * - choice / enum: the chosen value as text (`''` when nothing is chosen), `null` for the
 *   "none" option of a nullable field;
 * - boolean: `true` / `false`, `null` while unset (optional fields only);
 * - integer / number / string / json: the text typed.
 */
export type FormValue = string | boolean | null;
export type FormValues = Readonly<Record<string, FormValue>>;

/** Why a field's value cannot be sent; the UI words it in both languages. */
export type FieldError =
  | { code: 'required' }
  | { code: 'not-a-number' }
  | { code: 'not-an-integer' }
  | { code: 'below-min'; min: number }
  | { code: 'above-max'; max: number }
  | { code: 'too-short'; min: number }
  | { code: 'too-long'; max: number }
  | { code: 'pattern' }
  | { code: 'not-a-choice' }
  | { code: 'invalid-json' }
  | { code: 'json-type'; expected: 'array' | 'object' };

export type ArgsOutcome = { ok: true; args: Record<string, unknown> } | { ok: false; errors: Readonly<Record<string, FieldError>> };

/** The form's first values: the schema's defaults, the only choice where there is one. */
export function initialValues(fields: readonly FormField[]): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const f of fields) {
    switch (f.kind) {
      case 'group':
        Object.assign(values, initialValues(f.fields));
        break;
      case 'choice':
      case 'enum': {
        const only = f.options.length === 1 && !f.nullable ? f.options[0] : undefined;
        const onlyValue = only === undefined ? undefined : typeof only === 'object' ? only.value : only;
        if (f.default !== undefined) values[f.path] = f.default === null ? null : String(f.default);
        else if (onlyValue !== undefined) values[f.path] = String(onlyValue);
        // A nullable field starts on its "none" option (for wall.drilldown: the whole country).
        else values[f.path] = f.nullable ? null : '';
        break;
      }
      case 'boolean':
        values[f.path] = f.default ?? (f.required ? false : null);
        break;
      case 'integer':
      case 'number':
        values[f.path] = f.default === undefined ? '' : String(f.default);
        break;
      case 'string':
        values[f.path] = f.default ?? '';
        break;
      case 'json':
        values[f.path] = f.default === undefined ? '' : JSON.stringify(f.default);
        break;
    }
  }
  return values;
}

/** A decimal as people type it here: `12`, `-3.5`, `0,75` (the Vietnamese decimal comma). */
const DECIMAL = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/;

/** Parses a typed number; `null` when it is not one. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

const MISSING = Symbol('missing');
type Converted = { value: unknown } | { error: FieldError } | typeof MISSING;

function convert(f: Exclude<FormField, { kind: 'group' }>, raw: FormValue | undefined): Converted {
  switch (f.kind) {
    case 'choice':
    case 'enum': {
      if (raw === null) return f.nullable ? { value: null } : MISSING;
      if (typeof raw !== 'string' || raw === '') return MISSING;
      // Give back the option itself, so that a numeric choice stays a number.
      const values = f.options.map((o) => (typeof o === 'object' ? o.value : o));
      const hit = values.find((v) => String(v) === raw);
      return hit === undefined ? { error: { code: 'not-a-choice' } } : { value: hit };
    }
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : MISSING;
    case 'integer':
    case 'number': {
      if (typeof raw !== 'string' || raw.trim() === '') return raw === null && f.nullable ? { value: null } : MISSING;
      const n = parseNumber(raw);
      if (n === null) return { error: { code: 'not-a-number' } };
      if (f.kind === 'integer' && !Number.isInteger(n)) return { error: { code: 'not-an-integer' } };
      if (f.minimum !== undefined && n < f.minimum) return { error: { code: 'below-min', min: f.minimum } };
      if (f.maximum !== undefined && n > f.maximum) return { error: { code: 'above-max', max: f.maximum } };
      return { value: n };
    }
    case 'string': {
      if (typeof raw !== 'string' || raw === '') return raw === null && f.nullable ? { value: null } : MISSING;
      if (f.minLength !== undefined && [...raw].length < f.minLength) return { error: { code: 'too-short', min: f.minLength } };
      if (f.maxLength !== undefined && [...raw].length > f.maxLength) return { error: { code: 'too-long', max: f.maxLength } };
      if (f.pattern !== undefined && !matches(f.pattern, raw)) return { error: { code: 'pattern' } };
      return { value: raw };
    }
    case 'json': {
      if (typeof raw !== 'string' || raw.trim() === '') return MISSING;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return { error: { code: 'invalid-json' } };
      }
      if (f.expect === 'array' && !Array.isArray(value)) return { error: { code: 'json-type', expected: 'array' } };
      if (f.expect === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        return { error: { code: 'json-type', expected: 'object' } };
      }
      return { value };
    }
  }
}

function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    // A pattern this browser cannot compile: leave the check to the server.
    return true;
  }
}

function collect(fields: readonly FormField[], values: FormValues, errors: Record<string, FieldError>): { args: Record<string, unknown>; any: boolean } {
  const args: Record<string, unknown> = {};
  let any = false;
  for (const f of fields) {
    if (f.kind === 'group') {
      const inner: Record<string, FieldError> = {};
      const sub = collect(f.fields, values, inner);
      // An optional group left blank is dropped whole; once one of its fields is filled, its
      // own required fields count.
      if (!sub.any && !f.required) continue;
      Object.assign(errors, inner);
      if (sub.any) {
        args[f.name] = sub.args;
        any = true;
      }
      continue;
    }
    const out = convert(f, values[f.path]);
    if (out === MISSING) {
      if (f.required) errors[f.path] = { code: 'required' };
    } else if ('error' in out) {
      errors[f.path] = out.error;
      any = true;
    } else {
      args[f.name] = out.value;
      any = true;
    }
  }
  return { args, any };
}

/**
 * The command's `args` from the form: numbers parsed, choices given back with their own type,
 * empty optional fields dropped (the server then applies its defaults). Any problem is reported
 * by field path and nothing is sent.
 */
export function formToArgs(fields: readonly FormField[], values: FormValues): ArgsOutcome {
  const errors: Record<string, FieldError> = {};
  const { args } = collect(fields, values, errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}
