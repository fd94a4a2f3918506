/** @module Phone pairing: a server-generated QR code of a short-lived, single-use capture link. */
import { useEffect, useState, type ReactElement } from 'react';
import { api, type PairingView } from '../api.js';
import { useT } from '../i18n.js';

export function PairingPanel({
  onClose,
  onError,
}: {
  onClose: () => void;
  onError: (err: unknown) => void;
}): ReactElement {
  const t = useT();
  const [pairing, setPairing] = useState<PairingView | null>(null);
  const [qrSrc, setQrSrc] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    let blobUrl: string | null = null;
    api
      .startPairing()
      .then((p) => {
        if (stale) return;
        blobUrl = URL.createObjectURL(new Blob([p.qrSvg], { type: 'image/svg+xml' }));
        setQrSrc(blobUrl);
        setPairing(p);
      })
      .catch(onError);
    return () => {
      stale = true;
      if (blobUrl !== null) URL.revokeObjectURL(blobUrl);
    };
  }, [onError]);
  return (
    <aside className="panel pairing" aria-labelledby="pairing-title">
      <h2 id="pairing-title">{t.pairingTitle}</h2>
      <p>{t.pairingHelp}</p>
      {pairing !== null && (
        <>
          <img className="qr" src={qrSrc ?? ''} alt={t.pairingQr} width={220} height={220} />
          <p className="muted">
            {t.pairingExpires} {new Date(pairing.expiresAt).toLocaleTimeString()} ·{' '}
            <a
              href={pairing.url}
              data-testid="pairing-link"
              target="_blank"
              rel="noreferrer"
              aria-label={t.pairingLink}
            >
              {t.pairingLink}
            </a>
          </p>
        </>
      )}
      <button type="button" onClick={onClose}>
        {t.close}
      </button>
    </aside>
  );
}
