import { panelIndicators } from '@ioc/protocol';
import { Component, useContext, type ReactNode } from 'react';
import { SceneKeyContext, settleFailedPanel } from '../paint/use-panel-paint';
import { useIndicator, useLang, useServices, useT, type WallServices } from '../state/hooks';
import type { PlacedPanel } from '../tile/tile-geometry';
import { PanelFrame } from './panel-frame';

interface Props {
  placed: PlacedPanel;
  services: WallServices;
  sceneKey: string;
  children: ReactNode;
}

/** How long a failed panel shows its error before it tries again (new data may fix it). */
const RETRY_MS = 15_000;

/** A panel that throws shows why, in its own box; the rest of the wall carries on. */
class Boundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  #retry: ReturnType<typeof setTimeout> | null = null;

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`[wall:panel] ${this.props.placed.panel.id} failed:`, error);
    settleFailedPanel(this.props.services.ready, this.props.sceneKey, this.props.placed.panel.id);
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.setState({ error: null });
    }, RETRY_MS);
  }

  override componentWillUnmount(): void {
    if (this.#retry) clearTimeout(this.#retry);
  }

  override render() {
    return this.state.error ? <PanelError placed={this.props.placed} error={this.state.error} /> : this.props.children;
  }
}

function PanelError({ placed, error }: { placed: PlacedPanel; error: Error }) {
  const t = useT();
  const { panel } = placed;
  const first = panelIndicators(panel)[0]?.id;
  const indicator = useIndicator(first ?? '');
  const lang = useLang();
  const title = panel.title?.[lang] ?? (first && panel.type !== 'table' ? indicator.name : panel.id);
  return (
    <PanelFrame placed={placed} state="error" title={title}>
      <div className="panel-placeholder panel-error">
        <strong>{t('panel.error')}</strong>
        <span className="panel-error-reason">{error.message}</span>
      </div>
    </PanelFrame>
  );
}

export function PanelBoundary({ placed, children }: { placed: PlacedPanel; children: ReactNode }) {
  const services = useServices();
  const sceneKey = useContext(SceneKeyContext);
  return (
    <Boundary placed={placed} services={services} sceneKey={sceneKey}>
      {children}
    </Boundary>
  );
}
