import { useTranslation } from 'react-i18next';
import type { Toast, ToastMessage } from '../console-store.js';
import { useConsole, useConsoleActions, useLng } from '../use-console.js';

/** Confirmations and errors, bottom of the screen; a tap on × dismisses one early. */
export function Toasts() {
  const toasts = useConsole((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const { dismissToast, undoFromToast } = useConsoleActions();
  const text = useToastText(toast.message);
  return (
    <div
      className={`toast ${toast.kind}`}
      data-testid="toast"
      data-kind={toast.kind}
      data-type={toast.message.type}
      data-command={'name' in toast.message ? toast.message.name : undefined}
      role={toast.kind === 'error' ? 'alert' : 'status'}>
      <span className="toast-icon" aria-hidden="true">
        {toast.kind === 'ok' ? '✓' : '!'}
      </span>
      <span className="toast-text">{text}</span>
      {toast.undo && (
        <button type="button" className="toast-undo" data-testid="toast-undo" onClick={() => undoFromToast(toast.id)}>
          ↶ {t('toast.undo')}
        </button>
      )}
      <button type="button" className="toast-close" aria-label={t('toast.dismiss')} onClick={() => dismissToast(toast.id)}>
        ×
      </button>
    </div>
  );
}

function useToastText(message: ToastMessage): string {
  const { t } = useTranslation();
  const lng = useLng();
  const state = useConsole((s) => s.state);
  const catalog = useConsole((s) => s.catalog);
  const devices = useConsole((s) => s.devices);
  const commandLabel = (name: string) => catalog?.find((c) => c.name === name)?.label[lng] ?? name;
  switch (message.type) {
    case 'scene-shown': {
      const scene = state?.scenes.find((s) => s.id === message.sceneId);
      return t('toast.sceneShown', { scene: scene ? scene.name[lng] : message.sceneId });
    }
    case 'language-set':
      return t('toast.languageSet', { language: t(`language.${message.language}`) });
    case 'command-done':
      return t('toast.commandDone', { command: commandLabel(message.name) });
    case 'macro-done':
      return t('toast.macroDone', { command: commandLabel(message.name), summary: t('steps.summary', message) });
    case 'server-error':
      return t('toast.serverError', { text: message.text });
    case 'device-failed':
      return t('toast.deviceFailed', { device: devices[message.device]?.name[lng] ?? message.device, reason: message.reason });
    case 'no-answer':
      return t('toast.noAnswer');
    case 'offline':
      return t('toast.offline');
  }
}
