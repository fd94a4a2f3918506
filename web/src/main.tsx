/** @module Entry point of the Scan & Go web app: mounts the app (desktop flow, or the phone capture page). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root.js';
import './styles.css';

const el = document.getElementById('root');
if (el !== null) {
  createRoot(el).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
