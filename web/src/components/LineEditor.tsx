/**
 * @module Editor of one line: drug (search, or an ambiguous match's alternatives, or free text),
 * then one fieldset per dosage step (dose, unit, timing, frequency/interval, duration, as-needed and
 * condition, route, free text), renewals and ALD.
 */
import type { Dosage } from '@medplum/fhirtypes';
import { useContext, useId, useState, type ReactElement } from 'react';
import type { AppDrug, AppLine, LineEdit } from '../api.js';
import { checkFields, fromFields, ROUTES, toFields, UNITS, type DosageFields } from '../dosage.js';
import { I18nContext } from '../i18n.js';
import { DrugSearch } from './DrugSearch.js';

interface Props {
  line: AppLine | null;
  onSave: (edit: LineEdit) => Promise<void>;
  onCancel: () => void;
}

const EMPTY: Dosage = {};

export function LineEditor({ line, onSave, onCancel }: Props): ReactElement {
  const { t, lang } = useContext(I18nContext);
  const uid = useId();
  const [drug, setDrug] = useState<AppDrug | null>(line?.drug ?? null);
  const [drugText, setDrugText] = useState(line?.drugText ?? '');
  const bases = line !== null && line.dosages.length > 0 ? line.dosages : [EMPTY];
  const [steps, setSteps] = useState<{ base: Dosage; f: DosageFields }[]>(
    bases.map((b) => ({ base: b, f: toFields(b) })),
  );
  const [renewals, setRenewals] = useState(
    line?.renewals === null || line === null ? '' : String(line.renewals),
  );
  const [ald, setAld] = useState(line?.ald ?? false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (i: number, patch: Partial<DosageFields>): void =>
    setSteps((s) => s.map((st, j) => (j === i ? { ...st, f: { ...st.f, ...patch } } : st)));

  const save = async (): Promise<void> => {
    const label = drug?.name ?? drugText.trim();
    if (label === '') {
      setError(`${t.drug} ?`);
      return;
    }
    for (const st of steps) {
      const bad = checkFields(st.f);
      if (bad !== null) {
        setError(`${t[bad as 'dose' | 'frequency' | 'duration'] ?? bad} ?`);
        return;
      }
    }
    const r = renewals.trim() === '' ? null : Number(renewals);
    if (r !== null && (!Number.isInteger(r) || r < 0 || r > 12)) {
      setError(`${t.renewals} ?`);
      return;
    }
    setSaving(true);
    try {
      await onSave({
        drugText: drugText.trim() !== '' ? drugText.trim() : label,
        cis: drug?.cis ?? null,
        dosages: steps.map((st, i) => fromFields(st.base, st.f, i + 1)),
        renewals: r,
        ald,
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : t.error);
      setSaving(false);
    }
  };

  return (
    <form
      className="editor"
      aria-label={t.edit}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>{t.drug}</legend>
        {drug !== null && (
          <p className="chosen" data-testid="chosen-drug">
            <strong>{drug.name}</strong> <span className="muted">CIS {drug.cis}</span>
          </p>
        )}
        {line !== null && line.alternatives.length > 0 && (
          <div className="alternatives" role="group" aria-label={t.drugAmbiguous}>
            {line.alternatives.map((a) => (
              <button
                type="button"
                key={a.cis}
                className={`small ${drug?.cis === a.cis ? 'on' : ''}`}
                onClick={() => setDrug(a)}
              >
                {a.name}
              </button>
            ))}
          </div>
        )}
        <DrugSearch initial={drug?.name ?? line?.drugText ?? ''} onChoose={(d) => setDrug(d)} />
        <label>
          {t.printed}
          <input value={drugText} onChange={(e) => setDrugText(e.target.value)} />
        </label>
        {drug !== null && (
          <button type="button" className="small" onClick={() => setDrug(null)}>
            {t.drugAsText}
          </button>
        )}
      </fieldset>
      {steps.map((st, i) => {
        const f = st.f;
        const p = `${uid}-${i}`;
        return (
          <fieldset key={i} className="step">
            <legend>
              {t.step} {i + 1}
            </legend>
            <div className="row">
              <label>
                {t.dose}
                <input
                  inputMode="decimal"
                  className="num"
                  value={f.dose}
                  onChange={(e) => set(i, { dose: e.target.value })}
                />
              </label>
              <label>
                {t.unit}
                <input
                  list={`${p}-units`}
                  value={f.unit}
                  onChange={(e) => set(i, { unit: e.target.value })}
                />
                <datalist id={`${p}-units`}>
                  {UNITS.map((u) => (
                    <option key={u.label} value={u.label} />
                  ))}
                </datalist>
              </label>
              <label>
                {t.route}
                <select value={f.route} onChange={(e) => set(i, { route: e.target.value })}>
                  <option value="">—</option>
                  {ROUTES.map((r) => (
                    <option key={r.code} value={r.code}>
                      {lang === 'fr' ? r.fr : r.en}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="row" role="group" aria-label={t.timing}>
              <span className="label">{t.timing}</span>
              {(['morning', 'noon', 'evening', 'bedtime'] as const).map((k) => (
                <label key={k} className="check">
                  <input type="checkbox" checked={f[k]} onChange={(e) => set(i, { [k]: e.target.checked })} />
                  {t[k]}
                </label>
              ))}
            </div>
            <div className="row">
              <label>
                {t.frequency}
                <input
                  inputMode="numeric"
                  className="num"
                  value={f.frequency}
                  onChange={(e) => set(i, { frequency: e.target.value })}
                />
              </label>
              <label>
                {t.every}
                <input
                  inputMode="decimal"
                  className="num"
                  value={f.period}
                  onChange={(e) => set(i, { period: e.target.value })}
                />
              </label>
              <label>
                <span className="visually-hidden">
                  {t.every} ({t.unit})
                </span>
                <select
                  value={f.periodUnit}
                  onChange={(e) => set(i, { periodUnit: e.target.value as DosageFields['periodUnit'] })}
                >
                  <option value="h">h</option>
                  <option value="d">{lang === 'fr' ? 'jour' : 'day'}</option>
                  <option value="wk">{lang === 'fr' ? 'semaine' : 'week'}</option>
                  <option value="mo">{lang === 'fr' ? 'mois' : 'month'}</option>
                </select>
              </label>
              <label>
                {t.duration}
                <input
                  inputMode="decimal"
                  className="num"
                  value={f.duration}
                  onChange={(e) => set(i, { duration: e.target.value })}
                />
              </label>
              <label>
                <span className="visually-hidden">
                  {t.duration} ({t.unit})
                </span>
                <select
                  value={f.durationUnit}
                  onChange={(e) => set(i, { durationUnit: e.target.value as DosageFields['durationUnit'] })}
                >
                  <option value="d">{lang === 'fr' ? 'jours' : 'days'}</option>
                  <option value="wk">{lang === 'fr' ? 'semaines' : 'weeks'}</option>
                  <option value="mo">{lang === 'fr' ? 'mois' : 'months'}</option>
                </select>
              </label>
            </div>
            <div className="row">
              <label className="check">
                <input
                  type="checkbox"
                  checked={f.asNeeded}
                  onChange={(e) => set(i, { asNeeded: e.target.checked })}
                />
                {t.asNeeded}
              </label>
              <label className="grow">
                {t.condition}
                <input
                  value={f.condition}
                  disabled={!f.asNeeded}
                  onChange={(e) => set(i, { condition: e.target.value })}
                />
              </label>
            </div>
            <label className="block">
              {t.freeText}
              <input value={f.text} onChange={(e) => set(i, { text: e.target.value })} />
            </label>
            {steps.length > 1 && (
              <button
                type="button"
                className="small"
                onClick={() => setSteps((s) => s.filter((_, j) => j !== i))}
              >
                {t.removeStep} {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      <div className="row">
        <button
          type="button"
          className="small"
          onClick={() => setSteps((s) => [...s, { base: EMPTY, f: toFields(EMPTY) }])}
        >
          {t.addStep}
        </button>
        <label>
          {t.renewals}
          <input
            inputMode="numeric"
            className="num"
            value={renewals}
            onChange={(e) => setRenewals(e.target.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={ald} onChange={(e) => setAld(e.target.checked)} />
          {t.ald}
        </label>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          {t.cancelEdit}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
