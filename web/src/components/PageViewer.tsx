/**
 * @module The page images with each read line highlighted. Boxes are positioned in percent of the
 * page so the overlay follows any display size; clicking a box selects the line (and the reverse:
 * the selected line's box is outlined and scrolled into view).
 */
import { useEffect, useRef, type ReactElement } from 'react';
import type { AppLine, PrescriptionView } from '../api.js';
import { useT } from '../i18n.js';

interface Props {
  pages: PrescriptionView['pages'];
  lines: AppLine[];
  selected: string | null;
  onSelect: (id: string) => void;
}

export function PageViewer({ pages, lines, selected, onSelect }: Props): ReactElement {
  const t = useT();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected === null) return;
    root.current
      ?.querySelector(`[data-line="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);
  return (
    <div className="viewer" ref={root}>
      {pages.map((p) => (
        <figure key={p.page} className="page">
          <img src={p.url} alt={`${t.pageImage} ${p.page}`} />
          {lines.flatMap((l, i) =>
            l.boxes
              .filter((b) => b.page === p.page)
              .map((b, j) => (
                <button
                  type="button"
                  key={`${l.id}-${j}`}
                  data-line={l.id}
                  className={`box rel-${l.reliability} ${l.review === 'required' ? 'flagged' : ''} ${l.review === 'edited' || l.review === 'acknowledged' ? 'checked' : ''} ${selected === l.id ? 'selected' : ''}`}
                  aria-label={`${t.showOnImage}: ${i + 1}. ${l.drug?.name ?? l.drugText}`}
                  aria-pressed={selected === l.id}
                  tabIndex={j === 0 ? 0 : -1}
                  ref={(el) => {
                    // Positioned through the CSSOM: allowed by the CSP (no inline style attributes).
                    if (el === null) return;
                    el.style.left = `${(100 * b.x) / p.width}%`;
                    el.style.top = `${(100 * b.y) / p.height}%`;
                    el.style.width = `${(100 * b.width) / p.width}%`;
                    el.style.height = `${(100 * b.height) / p.height}%`;
                  }}
                  onClick={() => onSelect(l.id)}
                />
              )),
          )}
        </figure>
      ))}
    </div>
  );
}
