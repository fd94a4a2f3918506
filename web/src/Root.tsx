/**
 * @module Root: language state (French by default, remembered in localStorage) and the choice
 * between the desktop flow and the phone capture page (`…/mobile?code=`).
 */
import { useMemo, useState, type ReactElement } from 'react';
import { App } from './App.js';
import { I18nContext, STRINGS, type Lang } from './i18n.js';
import { MobilePage } from './pages/MobilePage.js';

function initialLang(): Lang {
  try {
    return localStorage.getItem('ordoscan.lang') === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function Root(): ReactElement {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const ctx = useMemo(
    () => ({
      lang,
      t: STRINGS[lang],
      setLang(l: Lang) {
        setLangState(l);
        document.documentElement.lang = l;
        try {
          localStorage.setItem('ordoscan.lang', l);
        } catch {
          // private mode: the choice lasts for this page only
        }
      },
    }),
    [lang],
  );
  const mobile = /\/mobile\/?$/.test(window.location.pathname);
  return <I18nContext.Provider value={ctx}>{mobile ? <MobilePage /> : <App />}</I18nContext.Provider>;
}
