/** @module The end screen after validation or cancellation. */
import type { ReactElement } from 'react';
import { useT } from '../i18n.js';

export function EndPage({ outcome }: { outcome: 'validated' | 'cancelled' }): ReactElement {
  const t = useT();
  const ok = outcome === 'validated';
  return (
    <section className={`panel notice ${ok ? 'success' : ''}`} role="status" aria-labelledby="end-title">
      <h1 id="end-title">{ok ? t.validatedTitle : t.cancelledTitle}</h1>
      <p>{ok ? t.validatedText : t.cancelledText}</p>
    </section>
  );
}
