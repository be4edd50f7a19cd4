import type { ReactNode } from 'react';
import { useT } from '../state/hooks';
import type { PlacedPanel } from '../tile/tile-geometry';

export type PanelState = 'waiting' | 'ready' | 'error';

interface FrameProps {
  placed: PlacedPanel;
  state: PanelState;
  title: string;
  subtitle?: string | undefined;
  children?: ReactNode;
}

/** The box of every panel at its place in the tile, with the test hooks and a title. */
export function PanelFrame({ placed, state, title, subtitle, children }: FrameProps) {
  const { panel } = placed;
  return (
    <section
      data-testid="panel"
      data-panel-id={panel.id}
      data-panel-type={panel.type}
      data-state={state}
      className={`panel panel-${panel.type}`}
      style={{ left: placed.left, top: placed.top, width: placed.width, height: placed.height }}
    >
      <header className="panel-head">
        <h2 className="panel-title">{title}</h2>
        {subtitle ? <div className="panel-sub">{subtitle}</div> : null}
      </header>
      <div className="panel-body">{state === 'waiting' ? <Waiting /> : children}</div>
    </section>
  );
}

function Waiting() {
  const t = useT();
  return (
    <div className="panel-placeholder">
      <span className="pulse-dot" aria-hidden="true" />
      {t('panel.waiting')}
    </div>
  );
}
