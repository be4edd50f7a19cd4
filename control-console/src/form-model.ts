import type { CatalogCommand, Choice } from '@ioc/protocol';

/**
 * A command's argument form, built from the catalog: the JSON Schema the server generated from
 * its zod schema, plus the values this room offers for some arguments (`choices`: walls, scenes,
 * devices, provinces). The console draws these fields; it never knows a command by name.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

interface FieldCommon {
  /** The property name, e.g. `level`. */
  name: string;
  /** Dotted path from the top of the arguments, e.g. `layout.rows`; the key of its form value. */
  path: string;
  required: boolean;
  /** The schema also accepts `null` (e.g. `unit` of wall.drilldown: the whole country). */
  nullable: boolean;
}

/** A value offered by the room (`choices[arg]`); shown as a select of the choice labels. */
export interface ChoiceField extends FieldCommon {
  kind: 'choice';
  options: readonly Choice[];
  default?: string | number | null;
}

/** A closed list from the schema (`enum`); shown as segmented buttons, or a select when long. */
export interface EnumField extends FieldCommon {
  kind: 'enum';
  options: readonly (string | number)[];
  default?: string | number | null;
}

export interface BooleanField extends FieldCommon {
  kind: 'boolean';
  default?: boolean;
}

export interface NumberField extends FieldCommon {
  kind: 'integer' | 'number';
  minimum?: number;
  maximum?: number;
  default?: number;
}

export interface StringField extends FieldCommon {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  default?: string;
}

/** Anything the form cannot draw as a control (lists, free-form objects): typed as JSON. */
export interface JsonField extends FieldCommon {
  kind: 'json';
  expect: 'array' | 'object' | 'any';
  default?: unknown;
}

/** An object with known properties (e.g. `layout` of display.wall): its fields, indented. */
export interface GroupField extends FieldCommon {
  kind: 'group';
  fields: readonly FormField[];
}

export type FormField = ChoiceField | EnumField | BooleanField | NumberField | StringField | JsonField | GroupField;

/** Enums up to this many values are segmented buttons; longer ones a select. */
export const SEGMENTED_MAX = 4;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Splits `anyOf: [X, {type: null}]` and `type: [X, 'null']` into X and "nullable". */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null;
  if (variants) {
    const isNull = (v: unknown) => isRecord(v) && v.type === 'null';
    const rest = variants.filter((v) => !isNull(v));
    const nullable = rest.length < variants.length;
    if (rest.length === 1 && isRecord(rest[0])) {
      const { anyOf: _a, oneOf: _o, ...outer } = schema;
      return { schema: { ...outer, ...rest[0] }, nullable };
    }
    return { schema, nullable };
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    const nullable = types.length < schema.type.length;
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable };
  }
  return { schema, nullable: false };
}

function fieldOf(name: string, path: string, raw: JsonSchema, required: boolean, choices: readonly Choice[] | undefined): FormField {
  const { schema, nullable } = unwrapNullable(raw);
  const common: FieldCommon = { name, path, required, nullable };
  const def = schema.default;

  if (choices && choices.length > 0) {
    const field: ChoiceField = { ...common, kind: 'choice', options: choices };
    if (typeof def === 'string' || typeof def === 'number' || (def === null && nullable)) field.default = def;
    return field;
  }
  const values: unknown[] | null = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : null;
  if (values && values.every((v): v is string | number => typeof v === 'string' || typeof v === 'number')) {
    const field: EnumField = { ...common, kind: 'enum', options: values };
    if ((typeof def === 'string' || typeof def === 'number') && values.includes(def)) field.default = def;
    else if (def === null && nullable) field.default = null;
    return field;
  }
  switch (schema.type) {
    case 'boolean': {
      const field: BooleanField = { ...common, kind: 'boolean' };
      if (typeof def === 'boolean') field.default = def;
      return field;
    }
    case 'integer':
    case 'number': {
      const field: NumberField = { ...common, kind: schema.type };
      const integer = schema.type === 'integer';
      const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) !== undefined && integer ? num(schema.exclusiveMinimum)! + 1 : undefined);
      const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined && integer ? num(schema.exclusiveMaximum)! - 1 : undefined);
      if (min !== undefined) field.minimum = min;
      if (max !== undefined) field.maximum = max;
      if (num(def) !== undefined) field.default = def as number;
      return field;
    }
    case 'string': {
      const field: StringField = { ...common, kind: 'string' };
      if (num(schema.minLength) !== undefined) field.minLength = schema.minLength as number;
      if (num(schema.maxLength) !== undefined) field.maxLength = schema.maxLength as number;
      if (typeof schema.pattern === 'string') field.pattern = schema.pattern;
      if (typeof def === 'string') field.default = def;
      return field;
    }
    case 'object':
      if (isRecord(schema.properties) && Object.keys(schema.properties).length > 0) {
        return { ...common, kind: 'group', fields: fieldsOf(schema, path, {}) };
      }
      return jsonField(common, 'object', def);
    case 'array':
      return jsonField(common, 'array', def);
    default:
      return jsonField(common, 'any', def);
  }
}

function jsonField(common: FieldCommon, expect: JsonField['expect'], def: unknown): JsonField {
  const field: JsonField = { ...common, kind: 'json', expect };
  if (def !== undefined) field.default = def;
  return field;
}

function fieldsOf(schema: JsonSchema, prefix: string, choices: Readonly<Record<string, readonly Choice[]>>): FormField[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(properties)
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, prop]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      // Choices are offered for top-level arguments only (that is where the server puts them).
      return fieldOf(name, path, prop, required.has(name), prefix ? undefined : choices[name]);
    });
}

/** The fields of a command's form, in the schema's property order. */
export function buildFormModel(schema: JsonSchema, choices: Readonly<Record<string, readonly Choice[]>> = {}): FormField[] {
  return fieldsOf(schema, '', choices);
}

/** The form of a catalog command. */
export function formModelOf(command: Pick<CatalogCommand, 'args' | 'choices'>): FormField[] {
  return buildFormModel(command.args, command.choices);
}

/** Every field with a value of its own (groups flattened), in order. */
export function leafFields(fields: readonly FormField[]): FormField[] {
  return fields.flatMap((f) => (f.kind === 'group' ? leafFields(f.fields) : [f]));
}
