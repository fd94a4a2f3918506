/** @module Drug search over the drug database (BDPM), as an accessible combobox. */
import { useEffect, useId, useState, type KeyboardEvent, type ReactElement } from 'react';
import { api, type AppDrug } from '../api.js';
import { useT } from '../i18n.js';

interface Props {
  initial: string;
  onChoose: (drug: AppDrug) => void;
}

export function DrugSearch({ initial, onChoose }: Props): ReactElement {
  const t = useT();
  const id = useId();
  const [q, setQ] = useState(initial);
  const [results, setResults] = useState<AppDrug[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open || q.trim().length < 2) {
      setResults([]);
      return;
    }
    let stale = false;
    const timer = window.setTimeout(() => {
      api
        .searchDrugs(q.trim())
        .then((r) => {
          if (!stale) {
            setResults(r.results);
            setActive(0);
          }
        })
        .catch(() => !stale && setResults([]));
    }, 150);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [q, open]);

  const choose = (d: AppDrug): void => {
    onChoose(d);
    setQ(d.name);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && results[active] !== undefined) {
      e.preventDefault();
      choose(results[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  return (
    <div className="combo">
      <input
        type="search"
        role="combobox"
        aria-label={t.drugSearch}
        aria-expanded={open && results.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={results[active] !== undefined ? `${id}-${active}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKey}
      />
      {open && results.length > 0 && (
        <ul role="listbox" id={`${id}-list`} className="options">
          {results.map((d, i) => (
            <li
              key={d.cis}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(d);
              }}
            >
              <strong>{d.name}</strong>
              <span className="muted">
                {' '}
                CIS {d.cis}
                {d.marketed ? '' : ' · non commercialisé'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
