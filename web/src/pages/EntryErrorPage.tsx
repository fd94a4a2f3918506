/** @module The page shown when the link cannot open a session: says what happened and what to do. */
import type { ReactElement } from 'react';
import { useT } from '../i18n.js';

export type EntryError = 'expired' | 'used' | 'invalid' | 'none' | 'lost' | 'network';

export function EntryErrorPage({ error }: { error: EntryError }): ReactElement {
  const t = useT();
  const title = {
    expired: t.linkExpired,
    used: t.linkUsed,
    invalid: t.linkInvalid,
    none: t.noToken,
    lost: t.sessionLost,
    network: t.error,
  }[error];
  return (
    <section className="panel notice" role="alert" aria-labelledby="entry-error-title">
      <h1 id="entry-error-title">{title}</h1>
      <p>{error === 'network' ? t.networkError : t.linkWhatToDo}</p>
    </section>
  );
}
