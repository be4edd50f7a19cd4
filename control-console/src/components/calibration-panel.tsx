import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalibrationPattern, DisplayAdjustView } from '@ioc/protocol';
import { bezelArgs, brightnessDevice, colorArgs, createDebouncedSender, deviceBrightness, offsetArgs, type BezelSide, type ColorField } from '../calibration-model.js';
import { commandKey } from '../console-store.js';
import { ConsoleContext, useAllowed, useConsole, useConsoleActions, useLng } from '../use-console.js';
import { CommandButton } from './command-button.js';
import { RoleNote } from './role-note.js';
import type { ConsoleWall } from './wall-panel.js';
import '../styles/calibration.css';

const PATTERNS: readonly CalibrationPattern[] = ['grid', 'bars', 'ramp', 'identity'];
const SIDES: readonly BezelSide[] = ['top', 'right', 'bottom', 'left'];
/** A slider sends once it rests this long. */
const DEBOUNCE_MS = 250;

/**
 * Technician calibration (technicians and admins only): the wall's test pattern, and one
 * display's bezels, offset and colour correction, sent as `wall.display.adjust` while the
 * sliders move (debounced). Each answer's toast offers the undo. Brightness goes to the display
 * itself (`display.brightness`) when a device profile links it to this wall display.
 */
export function CalibrationPanel() {
  const { t } = useTranslation();
  const allowed = useAllowed('wall.calibrate');
  const walls = useConsole((s) => s.state?.walls);
  if (!allowed || !walls) return null;
  return (
    <section className="calibration-panel" data-testid="calibration-panel" aria-labelledby="calibration-heading">
      <h2 id="calibration-heading">{t('calibration.heading')}</h2>
      {walls.map((w) => (w.calibration ? <WallCalibration key={w.wallId} wall={w} /> : null))}
    </section>
  );
}

function WallCalibration({ wall }: { wall: ConsoleWall }) {
  const { t } = useTranslation();
  const { run } = useConsoleActions();
  const lng = useLng();
  const cal = wall.calibration!;
  const [displayId, setDisplayId] = useState(cal.displays[0]?.displayId ?? '');
  const display = cal.displays.find((d) => d.displayId === displayId) ?? cal.displays[0];
  const patterns: Array<CalibrationPattern | null> = [null, ...PATTERNS];
  return (
    <div className="calibration-wall" data-testid="calibration-wall" data-wall-id={wall.wallId} data-pattern={cal.pattern ?? ''}>
      <h3>{wall.name[lng]}</h3>
      <div className="segmented" role="group" aria-label={t('calibration.pattern')}>
        {patterns.map((p) => {
          const args = p ? { wallId: wall.wallId, on: true, pattern: p } : { wallId: wall.wallId, on: false };
          return (
            <CommandButton
              key={p ?? 'off'}
              className="segment"
              data-testid="calibration-pattern"
              data-pattern={p ?? 'off'}
              pendingKey={commandKey('wall.calibrate', args)}
              pressed={cal.pattern === p}
              allowed
              onSend={() => run('wall.calibrate', args)}
            >
              {() => t(`calibration.patterns.${p ?? 'off'}`)}
            </CommandButton>
          );
        })}
      </div>
      <div className="segmented calibration-displays" role="group" aria-label={t('calibration.display')}>
        {cal.displays.map((d) => (
          <button key={d.displayId} type="button" className="segment" data-testid="calibration-display" data-display={d.displayId} aria-pressed={d.displayId === display?.displayId} onClick={() => setDisplayId(d.displayId)}>
            {t('calibration.displayName', { id: d.displayId, row: d.row + 1, col: d.col + 1 })}
          </button>
        ))}
      </div>
      {display && <DisplayFields key={display.displayId} wallId={wall.wallId} display={display} />}
    </div>
  );
}

function DisplayFields({ wallId, display }: { wallId: string; display: DisplayAdjustView }) {
  const { t } = useTranslation();
  const store = useContext(ConsoleContext)!.store;
  const lng = useLng();
  const canAdjust = useAllowed('wall.display.adjust');
  const devices = useConsole((s) => s.devices);
  const choices = useConsole((s) => s.catalog?.find((c) => c.name === 'display.brightness')?.choices.device);
  const device = brightnessDevice(wallId, display.displayId, devices, choices?.map((c) => c.value));
  const colorField = (f: ColorField) => (f === 'brightness' || f === 'gamma' ? display.color[f] : display.color.gain[f]);
  const serverValue = (field: string): number | undefined => {
    const [group, part] = field.split('-') as [string, string | undefined];
    if (group === 'bezel') return display.bezel?.[part as BezelSide];
    if (group === 'offset') return display.offset[part as 'x' | 'y'];
    if (group === 'device') return device ? (deviceBrightness(device) ?? undefined) : undefined;
    return colorField(group as ColorField);
  };
  // What the sliders show: the technician's value until the server's equals it, else the server's.
  const [draft, setDraft] = useState<Record<string, number>>({});
  useEffect(() => setDraft((d) => Object.fromEntries(Object.entries(d).filter(([f, v]) => serverValue(f) !== v))), [display, device]);
  const sender = useRef(createDebouncedSender({ delayMs: DEBOUNCE_MS, isPending: (k) => store.getState().pending[k] !== undefined, send: (k, n, a) => void store.getState().run(n, a, { key: k }) }));
  useEffect(() => () => sender.current.dispose(), []);
  /** Shows the value at once; sends it (debounced) under one key per display and kind of value. */
  const push = (field: string, value: number, name: string, args: Record<string, unknown>) => {
    setDraft((d) => ({ ...d, [field]: value }));
    const group = field.startsWith('bezel') || field.startsWith('offset') || field.startsWith('device') ? field.split('-')[0] : 'color';
    sender.current.push(`calibrate:${wallId}:${display.displayId}:${group}`, name, args);
  };
  const val = (field: string, server: number) => draft[field] ?? server;

  return (
    <div className="calibration-fields" data-testid="calibration-fields" data-display={display.displayId}>
      <RoleNote command="wall.display.adjust" />
      <fieldset disabled={!canAdjust || display.bezel === null}>
        <legend>{t('calibration.bezel')}</legend>
        {display.bezel === null && <p className="notice">{t('calibration.noSize')}</p>}
        {SIDES.map((side) => (
          <Slider key={side} name={`bezel-${side}`} label={t(`calibration.sides.${side}`)} unit="mm" min={0} max={20} step={0.1} value={val(`bezel-${side}`, display.bezel?.[side] ?? 0)} onChange={(v) => push(`bezel-${side}`, v, 'wall.display.adjust', bezelArgs(wallId, { ...display, bezel: currentBezel(display, draft) }, side, v))} />
        ))}
      </fieldset>
      <fieldset disabled={!canAdjust}>
        <legend>{t('calibration.offset')}</legend>
        {(['x', 'y'] as const).map((axis) => (
          <Slider key={axis} name={`offset-${axis}`} label={axis.toUpperCase()} unit="px" min={-100} max={100} step={1} value={val(`offset-${axis}`, display.offset[axis])} onChange={(v) => push(`offset-${axis}`, v, 'wall.display.adjust', offsetArgs(wallId, { ...display, offset: { x: val('offset-x', display.offset.x), y: val('offset-y', display.offset.y) } }, axis, v))} />
        ))}
      </fieldset>
      <fieldset disabled={!canAdjust}>
        <legend>{t('calibration.color')}</legend>
        {(['r', 'g', 'b', 'gamma'] as const).map((f) => (
          <Slider key={f} name={f} label={t(`calibration.fields.${f}`)} min={0.5} max={f === 'gamma' ? 2.5 : 1.5} step={0.01} value={val(f, colorField(f))} onChange={(v) => push(f, v, 'wall.display.adjust', colorArgs(wallId, { ...display, color: currentColor(display, draft) }, f, v))} />
        ))}
        {device ? (
          <>
            <Slider name="device-brightness" label={t('calibration.fields.brightness')} unit="%" min={0} max={100} step={1} value={val('device-brightness', deviceBrightness(device) ?? 50)} onChange={(v) => push('device-brightness', v, 'display.brightness', { device: device.id, level: Math.round(v) })} />
            <p className="calibration-note" data-testid="brightness-route" data-route="device" data-device={device.id}>
              {t('calibration.brightnessDevice', { device: device.name[lng] })}
            </p>
          </>
        ) : (
          <>
            <Slider name="brightness" label={t('calibration.fields.brightness')} min={0.5} max={1.5} step={0.01} value={val('brightness', display.color.brightness)} onChange={(v) => push('brightness', v, 'wall.display.adjust', colorArgs(wallId, { ...display, color: currentColor(display, draft) }, 'brightness', v))} />
            <p className="calibration-note" data-testid="brightness-route" data-route="renderer">
              {t('calibration.brightnessRenderer')}
            </p>
          </>
        )}
        <button
          type="button"
          className="calibration-reset"
          data-testid="calibration-reset-color"
          onClick={() => {
            setDraft((d) => Object.fromEntries(Object.entries(d).filter(([f]) => !['r', 'g', 'b', 'brightness', 'gamma'].includes(f))));
            void store.getState().run('wall.display.adjust', { wallId, displayId: display.displayId, color: null });
          }}
        >
          {t('calibration.resetColor')}
        </button>
      </fieldset>
    </div>
  );
}

/** The bezels and colour as the sliders show them, so that one change does not undo another still being sent. */
function currentBezel(d: DisplayAdjustView, draft: Record<string, number>) {
  const b = d.bezel ?? { top: 0, right: 0, bottom: 0, left: 0 };
  return { top: draft['bezel-top'] ?? b.top, right: draft['bezel-right'] ?? b.right, bottom: draft['bezel-bottom'] ?? b.bottom, left: draft['bezel-left'] ?? b.left };
}

function currentColor(d: DisplayAdjustView, draft: Record<string, number>) {
  const c = d.color;
  return { gain: { r: draft.r ?? c.gain.r, g: draft.g ?? c.gain.g, b: draft.b ?? c.gain.b }, brightness: draft.brightness ?? c.brightness, gamma: draft.gamma ?? c.gamma };
}

function Slider(props: { name: string; label: string; unit?: string; min: number; max: number; step: number; value: number; onChange: (v: number) => void }) {
  const { name, label, unit, min, max, step, value, onChange } = props;
  const id = `calibration-${name}`;
  const set = (raw: string) => {
    const v = Number(raw);
    if (raw !== '' && Number.isFinite(v)) onChange(Math.min(max, Math.max(min, v)));
  };
  return (
    <div className="calibration-slider" data-testid="calibration-slider" data-field={name}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="range" min={min} max={max} step={step} value={value} onChange={(e) => set(e.target.value)} />
      <input type="number" aria-label={label} min={min} max={max} step={step} value={value} onChange={(e) => set(e.target.value)} />
      {unit && <span className="unit">{unit}</span>}
    </div>
  );
}
