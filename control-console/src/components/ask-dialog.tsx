import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLng } from '../use-console.js';

/** What an admin screen asks before it acts: a yes or no, or a value (a password is masked). */
export interface AskRequest {
  title: string;
  text: string;
  /** The label of the button that acts ("Delete", "Save"). */
  yes: string;
  danger?: boolean;
  input?: { label: string; type: 'text' | 'password'; initial?: string; minLength?: number };
  onYes: (value: string) => void;
}

const CANCEL = { vi: 'Hủy', en: 'Cancel' } as const;

/**
 * The console's own question dialog, in the console's language and styles, for the admin screens
 * (deleting a user or a group, a new password, a group's provider groups). The browser's
 * `confirm`/`prompt` were used before: unstyled, in the browser's language, and a password typed
 * into `prompt` was shown in clear on a screen others in the room can see.
 */
export function AskDialog({ ask, onClose }: { ask: AskRequest | null; onClose: () => void }) {
  const lng = useLng();
  const [value, setValue] = useState('');
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);

  useEffect(() => {
    if (!ask) return;
    setValue(ask.input?.initial ?? '');
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ask, onClose]);

  if (!ask) return null;
  const short = ask.input?.minLength !== undefined && value.length < ask.input.minLength;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (short) return;
    onClose();
    ask.onYes(value);
  };
  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="ask-title" aria-describedby="ask-text" data-testid="ask-dialog" onSubmit={submit}>
        <h2 id="ask-title">{ask.title}</h2>
        <p id="ask-text" className="prompt" data-testid="ask-text">
          {ask.text}
        </p>
        {ask.input && (
          <label className="ask-field">
            {ask.input.label}
            <input
              ref={first}
              data-testid="ask-input"
              type={ask.input.type}
              value={value}
              autoComplete={ask.input.type === 'password' ? 'new-password' : 'off'}
              minLength={ask.input.minLength}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
        )}
        <div className="dialog-buttons">
          <button type="button" className="tool-button" data-testid="ask-no" onClick={onClose}>
            {CANCEL[lng]}
          </button>
          <button type="submit" className={ask.danger ? 'primary danger' : 'primary'} data-testid="ask-yes" disabled={short} {...(!ask.input && { ref: first })}>
            {ask.yes}
          </button>
        </div>
      </form>
    </div>
  );
}
