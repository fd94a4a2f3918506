/**
 * @module The desktop flow: open the session from the one-time `?token=` (then drop it from the
 * address bar), then import → reading → validation → end, driven by the server's prescription state
 * so a reload lands on the right screen.
 */
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { api, ApiError, type PrescriptionView, type SessionSummary } from './api.js';
import { Header } from './components/Header.js';
import { useT } from './i18n.js';
import { EndPage } from './pages/EndPage.js';
import { EntryErrorPage, type EntryError } from './pages/EntryErrorPage.js';
import { ImportPage } from './pages/ImportPage.js';
import { ReadingPage } from './pages/ReadingPage.js';
import { ValidationPage } from './pages/ValidationPage.js';

type Screen =
  | { kind: 'opening' }
  | { kind: 'error'; error: EntryError }
  | { kind: 'import' }
  | { kind: 'reading' }
  | { kind: 'validation'; view: PrescriptionView }
  | { kind: 'end'; outcome: 'validated' | 'cancelled' };

function entryError(err: unknown): EntryError {
  if (err instanceof ApiError) {
    if (err.status === 410) return /used|validated|cancel/i.test(err.message) ? 'used' : 'expired';
    if (err.status === 0) return 'network';
    if (err.status === 401 || err.status === 404 || err.status === 400) return 'invalid';
  }
  return 'invalid';
}

/** Reads the one-time token and removes it from the address bar and the history entry. */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  return token;
}

export function App(): ReactElement {
  const t = useT();
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'opening' });

  const route = useCallback(async (): Promise<void> => {
    const view = await api.prescription();
    switch (view.status) {
      case 'none':
      case 'failed':
        setScreen(view.status === 'failed' ? { kind: 'reading' } : { kind: 'import' });
        break;
      case 'reading':
        setScreen({ kind: 'reading' });
        break;
      case 'ready':
        setScreen({ kind: 'validation', view });
        break;
      case 'validated':
      case 'cancelled':
        setScreen({ kind: 'end', outcome: view.status });
        break;
    }
  }, []);

  useEffect(() => {
    let stale = false;
    const token = takeToken();
    const open = token !== null ? api.openSession(token) : api.session();
    open
      .then(async (s) => {
        if (stale) return;
        setSession(s);
        if (s.state === 'validated' || s.state === 'cancelled') {
          setScreen({ kind: 'end', outcome: s.state });
          return;
        }
        await route();
      })
      .catch((err: unknown) => {
        if (stale) return;
        setScreen({
          kind: 'error',
          error: token === null && err instanceof ApiError && err.status === 401 ? 'none' : entryError(err),
        });
      });
    return () => {
      stale = true;
    };
  }, [route]);

  const onSessionLost = (err: unknown): void => {
    if (err instanceof ApiError && (err.status === 401 || err.status === 410)) {
      setScreen({ kind: 'error', error: 'lost' });
    }
  };

  let body: ReactElement;
  switch (screen.kind) {
    case 'opening':
      body = (
        <p className="status" role="status">
          {t.opening}
        </p>
      );
      break;
    case 'error':
      body = <EntryErrorPage error={screen.error} />;
      break;
    case 'import':
      body = (
        <ImportPage
          preimported={session?.pathway === 'preimported'}
          onRead={() => setScreen({ kind: 'reading' })}
          onCancelled={() => setScreen({ kind: 'end', outcome: 'cancelled' })}
          onError={onSessionLost}
        />
      );
      break;
    case 'reading':
      body = (
        <ReadingPage
          onReady={(view) => setScreen({ kind: 'validation', view })}
          onReimport={() => setScreen({ kind: 'import' })}
          onCancelled={() => setScreen({ kind: 'end', outcome: 'cancelled' })}
          onError={onSessionLost}
        />
      );
      break;
    case 'validation':
      body = (
        <ValidationPage
          initial={screen.view}
          onDone={(outcome) => setScreen({ kind: 'end', outcome })}
          onError={onSessionLost}
        />
      );
      break;
    case 'end':
      body = <EndPage outcome={screen.outcome} />;
      break;
  }
  return (
    <>
      <Header session={screen.kind === 'error' ? null : session} />
      <main id="main">{body}</main>
    </>
  );
}
