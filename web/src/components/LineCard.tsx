/**
 * @module One line of the validation list: drug and dosage as structured, the engine's doubt in
 * colour and in words, and the line's actions.
 */
import { useContext, type ReactElement } from 'react';
import type { AppLine } from '../api.js';
import { summarize } from '../dosage.js';
import { I18nContext, useT } from '../i18n.js';
import { fieldLabel, issueLabel } from '../issue-labels.js';

interface Props {
  line: AppLine;
  index: number;
  selected: boolean;
  onSelect: () => void;
  onEdit: () => void;
  onAcknowledge: () => void;
  onRemove: () => void;
}

export function LineCard({
  line,
  index,
  selected,
  onSelect,
  onEdit,
  onAcknowledge,
  onRemove,
}: Props): ReactElement {
  const t = useT();
  const { lang } = useContext(I18nContext);
  // A line the server flags is never shown as sure, whatever the engine's own level says.
  const level = line.review === 'required' && line.reliability === 'high' ? 'medium' : line.reliability;
  const rel = { high: t.reliabilityHigh, medium: t.reliabilityMedium, low: t.reliabilityLow }[level];
  const headingId = `line-${line.id}-title`;
  return (
    <li
      className={`line rel-${level} review-${line.review} ${selected ? 'selected' : ''}`}
      data-line-card={line.id}
      data-testid="line"
      aria-labelledby={headingId}
      onClick={onSelect}
    >
      <div className="line-head">
        <h3 id={headingId}>
          <button type="button" className="link" aria-pressed={selected} onClick={onSelect}>
            {index + 1}. {line.drug?.name ?? line.drugText}
          </button>
        </h3>
        {line.review !== 'edited' && <span className={`badge rel-${level}`}>{rel}</span>}
        {line.review === 'acknowledged' && <span className="badge ok">{t.acknowledged}</span>}
        {line.review === 'edited' && <span className="badge ok">{t.edited}</span>}
        {line.review === 'required' && <span className="badge warn">{t.toCheck}</span>}
      </div>
      {line.drug === null && <p className="flag">{t.drugUnknown}</p>}
      {line.alternatives.length > 0 && line.review === 'required' && (
        <p className="flag">{t.drugAmbiguous}</p>
      )}
      {line.drug !== null && (
        <p className="muted small-text">
          CIS {line.drug.cis}
          {line.drug.atc !== null ? ` · ATC ${line.drug.atc}` : ''}
          {line.ald ? ` · ${t.ald}` : ''}
        </p>
      )}
      <ul className="steps">
        {line.dosages.length === 0 ? (
          <li className="flag">{t.noDosage}</li>
        ) : (
          line.dosages.map((d, i) => (
            <li key={i} data-testid="dosage">
              {summarize(d) || d.text || t.noDosage}
            </li>
          ))
        )}
        {line.renewals !== null && line.renewals > 0 && (
          <li>
            {t.renewals}: {line.renewals}
          </li>
        )}
      </ul>
      {line.text !== '' && (
        <p className="printed">
          <span className="muted">{t.printed} : </span>
          <q>{line.text}</q>
        </p>
      )}
      {line.issues.length > 0 && line.review !== 'edited' && (
        <ul className="issues">
          {line.issues.map((is, i) => (
            <li key={i} className={`issue ${is.severity}`} data-issue-code={is.code}>
              {is.field !== undefined ? (
                <strong>
                  {fieldLabel(lang, is.field)}
                  {lang === 'fr' ? ' : ' : ': '}
                </strong>
              ) : null}
              {issueLabel(lang, is)}
            </li>
          ))}
        </ul>
      )}
      <div className="actions" onClick={(e) => e.stopPropagation()}>
        <button type="button" onClick={onEdit} aria-label={`${t.edit} ${index + 1}`}>
          {t.edit}
        </button>
        {line.review === 'required' && (
          <button type="button" onClick={onAcknowledge} aria-label={`${t.acknowledge} (${index + 1})`}>
            {t.acknowledge}
          </button>
        )}
        <button type="button" className="danger" onClick={onRemove} aria-label={`${t.remove} ${index + 1}`}>
          {t.remove}
        </button>
      </div>
    </li>
  );
}
