import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { App } from './app/App';
import { preloadPagesOf } from './app/router';
import { initI18n } from './i18n';
import { detectLocale, readStoredLocale } from './i18n/locale';

const root = document.getElementById('root');
if (root === null) throw new Error('#root is missing from index.html');

// The page's chunk loads while the texts and then the session do.
preloadPagesOf(window.location.pathname);
const i18n = await initI18n(detectLocale(readStoredLocale(), navigator.languages));

createRoot(root).render(
  <StrictMode>
    <App i18n={i18n} />
  </StrictMode>,
);
