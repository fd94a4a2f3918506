/** @module Reading screen: the job's state and each page's progress, polled until the result is ready. */
import { useEffect, useState, type ReactElement } from 'react';
import { api, type PrescriptionView } from '../api.js';
import { useT } from '../i18n.js';

interface Props {
  onReady: (view: PrescriptionView) => void;
  onReimport: () => void;
  onCancelled: () => void;
  onError: (err: unknown) => void;
}

export function ReadingPage({ onReady, onReimport, onCancelled, onError }: Props): ReactElement {
  const t = useT();
  const [view, setView] = useState<PrescriptionView | null>(null);

  useEffect(() => {
    let stale = false;
    let timer = 0;
    const poll = (): void => {
      api
        .prescription()
        .then((v) => {
          if (stale) return;
          setView(v);
          if (v.status === 'ready') onReady(v);
          else if (v.status === 'reading') timer = window.setTimeout(poll, 600);
        })
        .catch(onError);
    };
    poll();
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [onReady, onError]);

  const p = view?.progress ?? null;
  const jobLabel =
    view?.status === 'failed'
      ? t.jobFailed
      : p === null
        ? t.jobQueued
        : {
            queued: t.jobQueued,
            running: t.jobRunning,
            done: t.jobDone,
            failed: t.jobFailed,
            unknown: t.jobRunning,
          }[p.job];
  const stageLabel = (stage: string): string =>
    stage === 'preparing' ? t.stagePreparing : stage === 'ocr' ? t.stageOcr : stage;
  const done = p?.pages.filter((x) => x.state === 'done').length ?? 0;
  const total = p?.pages.length ?? 0;
  return (
    <section className="panel reading" aria-labelledby="reading-title" aria-busy={view?.status === 'reading'}>
      <h1 id="reading-title">{t.readingTitle}</h1>
      <p role="status" data-testid="job-state">
        <strong>{jobLabel}</strong>
        {p !== null && p.attempts > 1 ? ` · ${t.attempt} ${p.attempts}` : ''}
        {p !== null ? ` · ${(p.elapsedMs / 1000).toFixed(1)} s ${t.elapsed}` : ''}
      </p>
      {total > 0 && (
        <progress max={total} value={done} aria-label={`${done} / ${total}`}>
          {done} / {total}
        </progress>
      )}
      <ol className="page-progress">
        {(p?.pages ?? []).map((pg) => (
          <li key={pg.page} className={`pp-${pg.state}`} data-testid="page-progress">
            {t.page} {pg.page} —{' '}
            {
              { waiting: t.pageWaiting, reading: t.pageReading, done: t.pageDone, failed: t.pageFailed }[
                pg.state
              ]
            }
            {pg.stage !== null && pg.state === 'reading' ? ` (${stageLabel(pg.stage)})` : ''}
          </li>
        ))}
      </ol>
      {view?.status === 'failed' && (
        <>
          <p className="error" role="alert">
            {t.readFailedHelp} {view.error ?? ''}
          </p>
          <div className="bar">
            <button type="button" onClick={() => void api.cancel().then(onCancelled).catch(onError)}>
              {t.cancel}
            </button>
            <button type="button" className="primary" onClick={onReimport}>
              {t.retryImport}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
