/**
 * @module Phone capture page opened from the QR code: exchanges the single-use code for a short-lived
 * capture cookie, then sends each photo taken with the phone camera to the desktop session.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { api, ApiError } from '../api.js';
import { useT } from '../i18n.js';

export function MobilePage(): ReactElement {
  const t = useT();
  const [state, setState] = useState<'opening' | 'ready' | 'error'>('opening');
  const [error, setError] = useState<string>('');
  const [sent, setSent] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const url = new URL(window.location.href);
    const code = url.searchParams.get('code');
    if (code !== null) {
      url.searchParams.delete('code');
      window.history.replaceState(null, '', url.pathname + url.search);
    }
    // Without a code the capture cookie may already be set (page reloaded).
    (code !== null ? api.openMobile(code) : api.mobileSession())
      .then(() => setState('ready'))
      .catch((err: unknown) => {
        setState('error');
        setError(
          err instanceof ApiError && (err.status === 410 || err.status === 401)
            ? t.linkExpired
            : t.linkInvalid,
        );
      });
  }, [t]);

  const send = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    try {
      const r = await api.uploadMobile(files);
      setSent((n) => n + r.count);
    } catch (err) {
      setError(err instanceof Error ? err.message : t.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="mobile">
      <h1>{t.mobileTitle}</h1>
      {state === 'opening' && <p role="status">{t.opening}</p>}
      {state === 'error' && (
        <div role="alert" className="panel notice">
          <h2>{error}</h2>
          <p>{t.linkWhatToDo}</p>
        </div>
      )}
      {state === 'ready' && (
        <>
          <p>{t.mobileHelp}</p>
          <label className="button primary big">
            {t.mobileTake}
            <input
              className="visually-hidden"
              type="file"
              accept="image/*,application/pdf"
              capture="environment"
              multiple
              disabled={busy}
              data-testid="mobile-input"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                void send(files);
              }}
            />
          </label>
          <p role="status" data-testid="mobile-sent">
            {busy ? t.uploading : sent > 0 ? `${t.mobileSent(sent)}. ${t.mobileDone}` : ''}
          </p>
          {error !== '' && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </main>
  );
}
