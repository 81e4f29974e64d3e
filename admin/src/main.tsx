import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// MUI's styles, injected at run time, go through the emotion caches of layout/Direction.tsx
// (one per writing direction), which carry the nonce the page's Content-Security-Policy names.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
