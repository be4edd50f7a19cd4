import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { usePending } from '../use-console.js';

type CommandButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick' | 'children' | 'type' | 'disabled'> & {
  /** Key of this button's command in the store's `pending` (see `sceneKey`, `cardKey`). */
  pendingKey: string;
  /** Whether what this button asks for is what the room shows now (`aria-pressed`); omit for plain actions. */
  pressed?: boolean;
  /** Whether this user may run the command at all (from the catalog); a disabled button never sends. */
  allowed: boolean;
  /** Sends the command; not called while the previous one waits for its answer. */
  onSend: () => void;
  children: (pending: boolean) => ReactNode;
  [data: `data-${string}`]: string | undefined;
};

/**
 * A button that sends one console command. While the command waits for its ack (or for the
 * operator's confirmation) the button is marked busy and ignores taps (the store drops
 * duplicates too): one tap, one command. A command this user may not run is disabled outright.
 */
export function CommandButton({ pendingKey, pressed, allowed, onSend, children, ...rest }: CommandButtonProps) {
  const pending = usePending(pendingKey);
  return (
    <button
      type="button"
      {...rest}
      disabled={!allowed}
      data-pending={pending ? 'true' : 'false'}
      aria-pressed={pressed}
      aria-busy={pending}
      aria-disabled={pending || !allowed}
      onClick={() => {
        if (!pending && allowed) onSend();
      }}
    >
      {children(pending)}
    </button>
  );
}
