import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useConsole } from '../use-console.js';

type CommandButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'children' | 'type'> & {
  /** Key of this button's command in the store's `pending` (see `sceneKey`, `languageKey`). */
  pendingKey: string;
  /** Whether what this button asks for is what the wall shows now. */
  pressed: boolean;
  /** Sends the command; not called while the previous one waits for its ack. */
  onSend: () => void;
  children: (pending: boolean) => ReactNode;
  [data: `data-${string}`]: string | undefined;
};

/**
 * A button that sends one console command. While the command waits for its ack the button is
 * marked busy and ignores taps (the store drops duplicates too): one tap, one command.
 */
export function CommandButton({ pendingKey, pressed, onSend, children, ...rest }: CommandButtonProps) {
  const pending = useConsole((s) => s.pending[pendingKey] !== undefined);
  return (
    <button
      type="button"
      {...rest}
      data-pending={pending ? 'true' : 'false'}
      aria-pressed={pressed}
      aria-busy={pending}
      aria-disabled={pending}
      onClick={() => {
        if (!pending) onSend();
      }}
    >
      {children(pending)}
    </button>
  );
}
