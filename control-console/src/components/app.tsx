import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../use-console.js';
import { CalibrationPanel } from './calibration-panel.js';
import { CommandCatalog } from './command-catalog.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ConnectionBanner } from './connection-banner.js';
import { DeviceBoard } from './device-board.js';
import { EnrollPanel } from './enroll-panel.js';
import { GroupsPanel } from './groups-panel.js';
import { Header } from './header.js';
import { LoginScreen } from './login-screen.js';
import { MyActions } from './my-actions.js';
import { Toasts } from './toasts.js';
import { UsersPanel } from './users-panel.js';
import { WallList } from './wall-list.js';
import { WarningsPanel } from './warnings-panel.js';

export function App() {
  const connection = useConsole((s) => s.connection);
  const signedIn = connection !== 'signed-out' && connection !== 'refused';
  return (
    <div className="app">
      <Header signedIn={signedIn} />
      {connection === 'reconnecting' && <ConnectionBanner />}
      {signedIn ? <ConsoleViews /> : <main className="main"><LoginScreen /></main>}
      <Toasts />
      {signedIn && <ConfirmDialog />}
    </div>
  );
}

const VIEWS = ['walls', 'warnings', 'devices', 'commands', 'mine', 'users', 'groups'] as const;
type View = (typeof VIEWS)[number];

/** The views of a signed-in console: walls (the everyday one), warnings, devices, the command catalog, one's own actions; users and groups for admins. */
function ConsoleViews() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('walls');
  const viewer = useConsole((s) => s.whoami?.role === 'viewer');
  // Only admins manage users and groups (the server refuses anyone else too).
  const admin = useConsole((s) => s.whoami?.role === 'admin');
  return (
    <>
      <nav className="views" aria-label={t('app.sections')}>
        {VIEWS.filter((v) => (v !== 'users' && v !== 'groups') || admin).map((v) => (
          <button key={v} type="button" className="view-tab" data-testid="nav-tab" data-view={v} aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>
            {t(`nav.${v}`)}
          </button>
        ))}
      </nav>
      <main className="main" data-view={view}>
        {viewer && (
          <p className="viewer-note" data-testid="viewer-note">
            {t('viewerNote')}
          </p>
        )}
        {view === 'walls' && <WallList />}
        {view === 'walls' && <CalibrationPanel />}
        {view === 'walls' && <EnrollPanel />}
        {view === 'devices' && <DeviceBoard />}
        {view === 'commands' && <CommandCatalog />}
        {view === 'warnings' && <WarningsPanel />}
        {view === 'mine' && <MyActions />}
        {view === 'users' && <UsersPanel />}
        {view === 'groups' && <GroupsPanel />}
      </main>
    </>
  );
}
