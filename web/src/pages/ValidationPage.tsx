/**
 * @module Validation screen: page image with highlighted lines beside the editable list. Every change
 * is sent to the server at once (which keeps the audit trail); *Valider* is refused while a flagged
 * line has not been looked at.
 */
import { useState, type ReactElement } from 'react';
import { api, type AppLine, type LineEdit, type PrescriptionView } from '../api.js';
import { LineCard } from '../components/LineCard.js';
import { LineEditor } from '../components/LineEditor.js';
import { PageViewer } from '../components/PageViewer.js';
import { useT } from '../i18n.js';

interface Props {
  initial: PrescriptionView;
  onDone: (outcome: 'validated' | 'cancelled') => void;
  onError: (err: unknown) => void;
}

export function ValidationPage({ initial, onDone, onError }: Props): ReactElement {
  const t = useT();
  const [lines, setLines] = useState<AppLine[]>(initial.lines);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const replace = (line: AppLine): void => setLines((ls) => ls.map((l) => (l.id === line.id ? line : l)));
  const report = (err: unknown): void => {
    setMessage(err instanceof Error ? err.message : t.error);
    onError(err);
  };

  const select = (id: string): void => {
    setSelected(id);
    document
      .querySelector(`[data-line-card="${id}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const save = async (id: string, edit: LineEdit): Promise<void> => {
    if (id === 'new') {
      const { line } = await api.addLine(edit);
      setLines((ls) => [...ls, line]);
      setSelected(line.id);
    } else {
      replace((await api.editLine(id, edit)).line);
    }
    setEditing(null);
  };

  const pending = lines.filter((l) => l.review === 'required').length;
  const validate = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      await api.validate();
      onDone('validated');
    } catch (err) {
      report(err);
      setBusy(false);
    }
  };
  const cancel = async (): Promise<void> => {
    if (!window.confirm(t.confirmCancel)) return;
    try {
      await api.cancel();
      onDone('cancelled');
    } catch (err) {
      report(err);
    }
  };

  const h = initial.header;
  return (
    <section className="validation" aria-labelledby="validation-title">
      <div className="validation-head">
        <h1 id="validation-title">{t.validationTitle}</h1>
        {h !== null && (
          <p className="muted">
            {h.prescriber !== null &&
              `${t.prescriber} : ${h.prescriber}${h.rpps !== null ? ` (RPPS ${h.rpps})` : ''}`}
            {h.date !== null && ` · ${t.date} : ${new Date(h.date).toLocaleDateString()}`}
          </p>
        )}
      </div>
      <div className="split">
        <PageViewer pages={initial.pages} lines={lines} selected={selected} onSelect={select} />
        <div className="lines-pane">
          <h2>
            {t.lines} ({lines.length})
            {pending > 0 && <span className="badge warn"> {t.mustCheck(pending)}</span>}
          </h2>
          {lines.length === 0 && <p className="flag">{t.noLines}</p>}
          <ol className="lines">
            {lines.map((l, i) =>
              editing === l.id ? (
                <li key={l.id} className="line editing">
                  <LineEditor line={l} onSave={(e) => save(l.id, e)} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <LineCard
                  key={l.id}
                  line={l}
                  index={i}
                  selected={selected === l.id}
                  onSelect={() => setSelected(l.id)}
                  onEdit={() => {
                    setSelected(l.id);
                    setEditing(l.id);
                  }}
                  onAcknowledge={() =>
                    void api
                      .acknowledgeLine(l.id)
                      .then((r) => replace(r.line))
                      .catch(report)
                  }
                  onRemove={() =>
                    void api
                      .removeLine(l.id)
                      .then(() => setLines((ls) => ls.filter((x) => x.id !== l.id)))
                      .catch(report)
                  }
                />
              ),
            )}
          </ol>
          {editing === 'new' ? (
            <div className="line editing">
              <LineEditor line={null} onSave={(e) => save('new', e)} onCancel={() => setEditing(null)} />
            </div>
          ) : (
            <button type="button" onClick={() => setEditing('new')}>
              + {t.addLine}
            </button>
          )}
        </div>
      </div>
      {message !== null && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <div className="bar sticky">
        <span className="muted" role="status">
          {pending > 0 ? t.mustCheck(pending) : lines.length === 0 ? t.noLines : ''}
        </span>
        <button type="button" onClick={() => void cancel()}>
          {t.cancel}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || pending > 0 || lines.length === 0 || editing !== null}
          onClick={() => void validate()}
        >
          {t.validate}
        </button>
      </div>
    </section>
  );
}
