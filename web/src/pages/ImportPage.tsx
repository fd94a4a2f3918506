/**
 * @module Import screen: pages staged on the server (so photos from a paired phone show up here too),
 * added by file choice, drag and drop, webcam or phone, removable before reading.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactElement } from 'react';
import { api, ApiError, type StagedPage } from '../api.js';
import { PairingPanel } from '../components/PairingPanel.js';
import { WebcamDialog } from '../components/WebcamDialog.js';
import { useT } from '../i18n.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/tiff,image/heic,image/heif,application/pdf';

interface Props {
  preimported: boolean;
  onRead: () => void;
  onCancelled: () => void;
  onError: (err: unknown) => void;
}

export function ImportPage({ onRead, onCancelled, onError }: Props): ReactElement {
  const t = useT();
  const [pages, setPages] = useState<StagedPage[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [webcam, setWebcam] = useState(false);
  const [pairing, setPairing] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => {
    api
      .pages()
      .then((r) => setPages(r.pages))
      .catch(onError);
  }, [onError]);

  useEffect(() => {
    refresh();
    // Short polling: photos sent from a paired phone appear within a second or two.
    const timer = window.setInterval(refresh, pairing ? 1000 : 3000);
    return () => window.clearInterval(timer);
  }, [refresh, pairing]);

  const upload = async (files: File[] | Blob[]): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      setPages((await api.uploadPages(files)).pages);
    } catch (err) {
      setMessage(
        err instanceof ApiError && err.status === 415
          ? t.unsupportedFile
          : err instanceof Error
            ? err.message
            : t.error,
      );
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    void upload([...e.dataTransfer.files]);
  };

  const remove = async (id: string): Promise<void> => {
    try {
      setPages((await api.removePage(id)).pages);
    } catch (err) {
      onError(err);
    }
  };

  const read = async (): Promise<void> => {
    setBusy(true);
    try {
      await api.read();
      onRead();
    } catch (err) {
      setMessage(err instanceof Error ? err.message : t.error);
      onError(err);
      setBusy(false);
    }
  };

  const cancel = async (): Promise<void> => {
    if (!window.confirm(t.confirmCancel)) return;
    try {
      await api.cancel();
      onCancelled();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <section className="import" aria-labelledby="import-title">
      <h1 id="import-title">{t.importTitle}</h1>
      <div
        className={`dropzone ${dragging ? 'dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <p>{t.importHelp}</p>
        <p className="muted">{t.dropHere}</p>
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => fileInput.current?.click()}
            disabled={busy}
          >
            {t.importBtn}
          </button>
          <button type="button" onClick={() => setWebcam(true)} disabled={busy}>
            {t.takePhoto}
          </button>
          <button type="button" onClick={() => setPairing(true)} aria-expanded={pairing} disabled={busy}>
            {t.usePhone}
          </button>
        </div>
        <input
          ref={fileInput}
          className="visually-hidden"
          type="file"
          multiple
          accept={ACCEPT}
          aria-hidden="true"
          tabIndex={-1}
          data-testid="file-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void upload(files);
          }}
        />
      </div>
      {message !== null && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {pairing && <PairingPanel onClose={() => setPairing(false)} onError={onError} />}
      {webcam && (
        <WebcamDialog
          onClose={() => setWebcam(false)}
          onPhoto={(blob) => {
            setWebcam(false);
            void upload([blob]);
          }}
        />
      )}
      <h2>{t.pagesToRead}</h2>
      {pages.length === 0 ? (
        <p className="muted">{t.noPages}</p>
      ) : (
        <ol className="thumbs" aria-label={t.pagesToRead}>
          {pages.map((p, i) => (
            <li key={p.id} className="thumb" data-testid="staged-page">
              {p.isPdf ? (
                <span className="pdf" aria-hidden="true">
                  PDF
                </span>
              ) : (
                <img src={p.url} alt={`${t.page} ${i + 1}`} />
              )}
              <span className="caption">
                {t.page} {i + 1}
                {p.source === 'phone'
                  ? ` · ${t.fromPhone}`
                  : p.source === 'preimported'
                    ? ` · ${t.preimported}`
                    : ''}
                {p.isPdf ? ' · PDF' : ''} · {Math.max(1, Math.round(p.size / 1024))} ko
              </span>
              <button
                type="button"
                className="small"
                aria-label={`${t.removePage} ${i + 1}`}
                onClick={() => void remove(p.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="bar">
        <button type="button" onClick={() => void cancel()}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || pages.length === 0}
          onClick={() => void read()}
        >
          {busy ? t.uploading : t.read}
        </button>
      </div>
    </section>
  );
}
