import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Choice } from '@ioc/protocol';
import { searchChoices } from '../choice-search.js';
import { SEGMENTED_MAX, type ChoiceField, type EnumField, type FormField, type NumberField } from '../form-model.js';
import { parseNumber, type FieldError, type FormValue, type FormValues } from '../form-values.js';
import { argLabel, valueLabel } from '../labels.js';
import { useLng } from '../use-console.js';

/** A select with this many options or more gets a search field above it. */
const SEARCH_FROM = 10;
/** The select value that stands for `null` (a nullable field's "none"). */
const NULL_OPTION = '\u0000null';

interface FieldsProps {
  fields: readonly FormField[];
  values: FormValues;
  errors: Readonly<Record<string, FieldError>>;
  onChange: (path: string, value: FormValue) => void;
  /** Unique per card, so that labels point at their own inputs. */
  idPrefix: string;
}

/** The controls of a command's form, drawn from its field model. */
export function FormFields({ fields, ...rest }: FieldsProps) {
  return (
    <>
      {fields.map((f) => (
        <FieldRow key={f.path} field={f} {...rest} />
      ))}
    </>
  );
}

function FieldRow({ field, values, errors, onChange, idPrefix }: Omit<FieldsProps, 'fields'> & { field: FormField }) {
  const { t } = useTranslation();
  const id = `${idPrefix}-${field.path.replace(/\./g, '-')}`;
  const label = (
    <>
      {argLabel(t, field.name)}
      {!field.required && <small className="optional"> ({t('form.optional')})</small>}
    </>
  );
  if (field.kind === 'group') {
    return (
      <fieldset className="field group" data-testid="field" data-field={field.path} data-kind="group">
        <legend>{label}</legend>
        <FormFields fields={field.fields} values={values} errors={errors} onChange={onChange} idPrefix={idPrefix} />
      </fieldset>
    );
  }
  const error = errors[field.path];
  const errorId = `${id}-error`;
  const value = values[field.path] ?? null;
  const set = (v: FormValue) => onChange(field.path, v);
  const described = error ? errorId : undefined;
  // Segmented buttons and switches are groups of buttons: they are named by aria-labelledby.
  const labelId = `${id}-label`;
  return (
    <div className={`field kind-${field.kind}`} data-testid="field" data-field={field.path} data-kind={field.kind} data-invalid={error ? 'true' : undefined}>
      <label className="field-label" id={labelId} htmlFor={id}>
        {label}
      </label>
      {(() => {
        switch (field.kind) {
          case 'choice':
            return <ChoiceSelect id={id} field={field} value={value} onChange={set} describedBy={described} />;
          case 'enum':
            return field.options.length <= SEGMENTED_MAX ? (
              <EnumButtons field={field} value={value} onChange={set} labelledBy={labelId} />
            ) : (
              <EnumSelect id={id} field={field} value={value} onChange={set} describedBy={described} />
            );
          case 'boolean':
            return <Toggle id={id} value={value === true} onChange={set} describedBy={described} />;
          case 'integer':
          case 'number':
            return <NumberInput id={id} field={field} value={typeof value === 'string' ? value : ''} onChange={set} describedBy={described} />;
          case 'string':
            return (
              <input
                id={id}
                type="text"
                value={typeof value === 'string' ? value : ''}
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                aria-describedby={described}
                {...(field.maxLength !== undefined && { maxLength: field.maxLength })}
                onChange={(e) => set(e.target.value)}
              />
            );
          case 'json':
            return (
              <textarea
                id={id}
                rows={2}
                spellCheck={false}
                placeholder={field.expect === 'array' ? '[ ]' : field.expect === 'object' ? '{ }' : t('form.json')}
                value={typeof value === 'string' ? value : ''}
                aria-describedby={described}
                onChange={(e) => set(e.target.value)}
              />
            );
        }
      })()}
      {error && (
        <p className="field-error" id={errorId} data-testid="field-error" role="alert">
          {t(`form.errors.${error.code}`, error)}
        </p>
      )}
    </div>
  );
}

function groupsOf(options: readonly Choice[]): Array<[string | undefined, Choice[]]> {
  const groups = new Map<string | undefined, Choice[]>();
  for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), o]);
  return [...groups.entries()];
}

function ChoiceSelect({ id, field, value, onChange, describedBy }: { id: string; field: ChoiceField; value: FormValue; onChange: (v: FormValue) => void; describedBy: string | undefined }) {
  const { t } = useTranslation();
  const lng = useLng();
  const [query, setQuery] = useState('');
  const searchable = field.options.length >= SEARCH_FROM;
  const shown = useMemo(() => {
    const hits = searchChoices(field.options, query, lng);
    // The chosen option stays in the list whatever the search, so the select never lies.
    const chosen = field.options.find((o) => String(o.value) === value);
    return chosen && !hits.includes(chosen) ? [chosen, ...hits] : hits;
  }, [field.options, query, lng, value]);
  const groups = groupsOf(shown);
  const grouped = groups.length > 1;
  const option = (o: Choice) => (
    <option key={String(o.value)} value={String(o.value)}>
      {o.label[lng]}
    </option>
  );
  return (
    <div className="choice">
      {searchable && (
        <input type="search" className="choice-search" placeholder={t('form.search')} aria-label={t('form.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      )}
      <select id={id} value={value === null ? NULL_OPTION : String(value)} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value === NULL_OPTION ? null : e.target.value)}>
        {!field.nullable && <option value="">{t('form.choose')}</option>}
        {field.nullable && <option value={NULL_OPTION}>{field.name === 'unit' ? t('wall.wholeCountry') : t('form.none')}</option>}
        {grouped
          ? groups.map(([group, items]) => (
              <optgroup key={group ?? ''} label={group ?? '—'}>
                {items.map(option)}
              </optgroup>
            ))
          : shown.map(option)}
      </select>
    </div>
  );
}

function EnumButtons({ field, value, onChange, labelledBy }: { field: EnumField; value: FormValue; onChange: (v: FormValue) => void; labelledBy: string }) {
  const { t } = useTranslation();
  return (
    <div className="segmented field-segmented" role="group" aria-labelledby={labelledBy}>
      {field.options.map((o) => (
        <button key={String(o)} type="button" className="segment" data-testid="field-option" data-value={String(o)} aria-pressed={value === String(o)} onClick={() => onChange(String(o))}>
          {valueLabel(t, o)}
        </button>
      ))}
    </div>
  );
}

function EnumSelect({ id, field, value, onChange, describedBy }: { id: string; field: EnumField; value: FormValue; onChange: (v: FormValue) => void; describedBy: string | undefined }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={typeof value === 'string' ? value : ''} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('form.choose')}</option>
      {field.options.map((o) => (
        <option key={String(o)} value={String(o)}>
          {valueLabel(t, o)}
        </option>
      ))}
    </select>
  );
}

function Toggle({ id, value, onChange, describedBy }: { id: string; value: boolean; onChange: (v: FormValue) => void; describedBy: string | undefined }) {
  const { t } = useTranslation();
  return (
    <button id={id} type="button" role="switch" className="toggle" data-testid="field-toggle" aria-checked={value} aria-describedby={describedBy} onClick={() => onChange(!value)}>
      <span className="toggle-track" aria-hidden="true">
        <span className="toggle-thumb" />
      </span>
      <span className="toggle-text">{value ? t('form.on') : t('form.off')}</span>
    </button>
  );
}

function NumberInput({ id, field, value, onChange, describedBy }: { id: string; field: NumberField; value: string; onChange: (v: FormValue) => void; describedBy: string | undefined }) {
  const { t } = useTranslation();
  const { minimum: min, maximum: max } = field;
  const current = parseNumber(value);
  const clamp = (n: number) => Math.min(max ?? Infinity, Math.max(min ?? -Infinity, n));
  const step = (delta: number) => onChange(String(clamp((current ?? min ?? 0) + delta)));
  // A slider only where its ends are known and a finger can still pick one value.
  const slider = min !== undefined && max !== undefined && max - min <= 1000;
  return (
    <div className="number">
      <div className="stepper">
        <button type="button" className="step" aria-label={t('form.decrease')} data-testid="field-decrease" onClick={() => step(-1)} disabled={current !== null && min !== undefined && current <= min}>
          −
        </button>
        <input
          id={id}
          type="text"
          inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
          value={value}
          autoComplete="off"
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" className="step" aria-label={t('form.increase')} data-testid="field-increase" onClick={() => step(1)} disabled={current !== null && max !== undefined && current >= max}>
          +
        </button>
      </div>
      {slider && (
        <input
          type="range"
          className="slider"
          min={min}
          max={max}
          step={field.kind === 'integer' ? 1 : 'any'}
          value={current ?? min}
          aria-label={argLabel(t, field.name)}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {(min !== undefined || max !== undefined) && (
        <small className="range-note">
          {min ?? '…'} – {max ?? '…'}
        </small>
      )}
    </div>
  );
}
