/** @module The top bar: product, who is working on which patient file, and the language toggle. */
import { useContext, type ReactElement } from 'react';
import type { SessionSummary } from '../api.js';
import { I18nContext } from '../i18n.js';

export function Header({ session }: { session: SessionSummary | null }): ReactElement {
  const { t, lang, setLang } = useContext(I18nContext);
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        {lang === 'fr' ? 'Aller au contenu' : 'Skip to content'}
      </a>
      <span className="brand">{t.appTitle}</span>
      {session !== null && (
        <dl className="context" aria-label={t.patientFile}>
          <div>
            <dt>{t.patientFile}</dt>
            <dd data-testid="patient-id">{session.patientId}</dd>
          </div>
          <div>
            <dt>{t.user}</dt>
            <dd>
              {session.user.firstName} {session.user.lastName}
            </dd>
          </div>
          <div>
            <dt>{t.facility}</dt>
            <dd>{session.facility.name}</dd>
          </div>
        </dl>
      )}
      <button
        type="button"
        className="lang"
        aria-label={t.switchLangLabel}
        onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
      >
        {t.switchLang}
      </button>
    </header>
  );
}
