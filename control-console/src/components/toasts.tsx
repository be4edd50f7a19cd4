import { useTranslation } from 'react-i18next';
import type { Toast, ToastMessage } from '../console-store.js';
import { useConsole, useConsoleActions } from '../use-console.js';

/** Confirmations and errors, bottom of the screen; a tap dismisses one early. */
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
  const { dismissToast } = useConsoleActions();
  const text = useToastText(toast.message);
  return (
    <div className={`toast ${toast.kind}`} data-testid="toast" data-kind={toast.kind} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <span className="toast-icon" aria-hidden="true">
        {toast.kind === 'ok' ? '✓' : '!'}
      </span>
      <span className="toast-text">{text}</span>
      <button type="button" className="toast-close" aria-label={t('toast.dismiss')} onClick={() => dismissToast(toast.id)}>
        ×
      </button>
    </div>
  );
}

function useToastText(message: ToastMessage): string {
  const { t, i18n } = useTranslation();
  const state = useConsole((s) => s.state);
  const lng = i18n.language === 'en' ? 'en' : 'vi';
  switch (message.type) {
    case 'scene-shown': {
      const scene = state?.scenes.find((s) => s.id === message.sceneId);
      return t('toast.sceneShown', { scene: scene ? scene.name[lng] : message.sceneId });
    }
    case 'language-set':
      return t('toast.languageSet', { language: t(`language.${message.language}`) });
    case 'server-error':
      return t('toast.serverError', { text: message.text });
    case 'no-answer':
      return t('toast.noAnswer');
    case 'offline':
      return t('toast.offline');
  }
}
