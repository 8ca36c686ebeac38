import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
// Base styles first, so each component's stylesheet can refine them.
import './styles/base.css';
import { App } from './app';

// The strict CSP forbids eval; without this zod probes `new Function` and the page logs a violation.
z.config({ jitless: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
