import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cleanTypedKey } from '../access-key.js';
import { UNAUTHORISED } from '../socket-adapter.js';
import { useConsole, useSession } from '../use-console.js';

/** Key entry. After a refusal it says why in both languages: the operator may read either. */
export function LoginScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const refusal = useConsole((s) => (s.connection === 'refused' ? s.refusal : null));
  const [value, setValue] = useState('');
  const inputId = useId();
  const errorId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const key = cleanTypedKey(value);
    if (key === null) return;
    setValue('');
    session.signIn(key);
  }

  const refusalText = (lng: 'vi' | 'en') => {
    const fixed = i18n.getFixedT(lng);
    return refusal === UNAUTHORISED ? fixed('login.refused') : fixed('login.refusedOther', { reason: refusal });
  };

  return (
    <form className="login" onSubmit={submit} noValidate>
      <h2>{t('login.heading')}</h2>
      {refusal !== null && (
        <div className="login-error" id={errorId} role="alert" data-testid="login-error">
          <p lang="vi">{refusalText('vi')}</p>
          <p lang="en">{refusalText('en')}</p>
        </div>
      )}
      <label htmlFor={inputId}>{t('login.keyLabel')}</label>
      <input
        id={inputId}
        data-testid="login-key"
        type="password"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder={t('login.keyPlaceholder')}
        value={value}
        aria-describedby={refusal !== null ? errorId : undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="primary" data-testid="login-submit">
        {t('login.submit')}
      </button>
    </form>
  );
}
