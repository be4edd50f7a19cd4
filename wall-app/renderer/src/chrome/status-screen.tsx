import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Phase, WallError } from '../state/wall-store';
import { useWall } from '../state/hooks';
import { Clock } from './clock';

/**
 * Full-window screen before the tile can be drawn: connecting, or an error (missing or unknown
 * wall or display, join refused). Always in Vietnamese and English, never blank; the client
 * keeps retrying behind it and the tile replaces it as soon as it can.
 */
export function StatusScreen({ phase }: { phase: Exclude<Phase, 'ready'> }) {
  const { i18n } = useTranslation();
  const vi = i18n.getFixedT('vi');
  const en = i18n.getFixedT('en');
  const wallId = useWall((s) => s.wallId);
  const displayId = useWall((s) => s.displayId);
  const error = useWall((s) => s.error);
  const serverSeen = useWall((s) => s.serverSeen);
  // Say "cannot be reached" only after a few seconds of trying, not at the first frame.
  const [patient, setPatient] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setPatient(false), 5000);
    return () => clearTimeout(timer);
  }, []);
  const reason = (t: T): string => describe(t, error, wallId, displayId, serverSeen || patient);
  const isError = phase === 'error';
  return (
    <main data-testid={isError ? 'wall-error' : 'wall-connecting'} data-error={error?.code} className={`status-screen ${isError ? 'is-error' : ''}`}>
      <div className="status-mark" aria-hidden="true">
        {isError ? '!' : <span className="status-spinner" />}
      </div>
      {isError ? (
        <>
          <h1 className="status-title">{vi('screen.title')}</h1>
          <h2 className="status-title-en" lang="en">
            {en('screen.title')}
          </h2>
        </>
      ) : null}
      <p className="status-reason">{reason(vi)}</p>
      <p className="status-reason status-en" lang="en">
        {reason(en)}
      </p>
      {error?.code === 'missing-params' ? <p className="status-hint">{vi('screen.missingParamsHint')}</p> : null}
      <p className="status-meta">
        wall = {wallId || '—'} · display = {displayId || '—'}
      </p>
      {error?.code !== 'missing-params' ? (
        <p className="status-retry">
          {vi('screen.retrying')} / <span lang="en">{en('screen.retrying')}</span>
        </p>
      ) : null}
      <Clock />
    </main>
  );
}

type T = TFunction;

function describe(t: T, error: WallError | null, wall: string, display: string, serverSeen: boolean): string {
  switch (error?.code) {
    case 'missing-params':
      return t('screen.missingParams');
    case 'unknown-wall':
      return t('screen.unknownWall', { wall });
    case 'unknown-display':
      return t('screen.unknownDisplay', { wall, display });
    case 'join-refused':
      return t('screen.joinRefused', { reason: error.detail ?? '' });
    case undefined:
      return t(serverSeen ? 'screen.connecting' : 'screen.unreachable');
  }
}
