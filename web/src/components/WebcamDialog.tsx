/**
 * @module Webcam capture (getUserMedia). Without a camera or permission it falls back to a file input
 * with `capture`, which opens the camera on phones and a file chooser elsewhere.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useT } from '../i18n.js';

interface Props {
  onPhoto: (blob: Blob) => void;
  onClose: () => void;
}

export function WebcamDialog({ onPhoto, onClose }: Props): ReactElement {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let s: MediaStream | null = null;
    let stale = false;
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      setFailed(true);
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1920 } }, audio: false })
      .then((got) => {
        if (stale) {
          got.getTracks().forEach((tr) => tr.stop());
          return;
        }
        s = got;
        setStream(got);
        if (video.current !== null) {
          video.current.srcObject = got;
          void video.current.play();
        }
      })
      .catch(() => setFailed(true));
    return () => {
      stale = true;
      s?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);

  const capture = (): void => {
    const v = video.current;
    if (v === null || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    canvas.toBlob((blob) => blob !== null && onPhoto(blob), 'image/jpeg', 0.92);
  };

  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="webcam-title">
      <h2 id="webcam-title">{t.webcamTitle}</h2>
      {failed ? (
        <>
          <p role="alert">{t.webcamUnavailable}</p>
          <label className="button">
            {t.choosePhoto}
            <input
              className="visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f !== undefined) onPhoto(f);
              }}
            />
          </label>
        </>
      ) : (
        <video ref={video} className="webcam" muted playsInline aria-label={t.webcamTitle} />
      )}
      <div className="actions">
        {!failed && (
          <button type="button" className="primary" onClick={capture} disabled={stream === null}>
            {t.capture}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t.close}
        </button>
      </div>
    </div>
  );
}
