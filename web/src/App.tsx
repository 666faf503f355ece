// The app shell: a top bar, hash routes (#/ the library, #/s/ID/TAB a scenario), toasts. Leaving a scenario with
// unsaved changes (the Library link, the browser's Back, another address) asks first.
import { useEffect, useState } from 'react';
import { getAnalyst, setAnalyst } from './api';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Library } from './components/Library';
import { Workspace } from './components/Workspace';
import { ToastHost } from './components/Toast';
import { LEAVE_QUESTION, wouldLoseChanges } from './guard';

function useRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    let hash = window.location.hash;
    let current = read();
    const on = () => {
      const next = read();
      const leaving = current[0] === 's' && (next[0] !== 's' || next[1] !== current[1]);
      if (leaving && wouldLoseChanges() && !window.confirm(LEAVE_QUESTION)) {
        // Stay: put the scenario's address back without another hashchange.
        history.replaceState(null, '', hash || '#/');
        return;
      }
      hash = window.location.hash;
      current = next;
      setRoute(next);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(path: string) {
  window.location.hash = path;
}

export function App() {
  const route = useRoute();
  const [analyst, setA] = useState(getAnalyst());
  const scenarioId = route[0] === 's' ? route[1] : undefined;
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/">
          <svg viewBox="0 0 32 32" width="26" height="26" aria-hidden>
            <rect width="32" height="32" rx="7" fill="#1f3a5f" />
            <circle cx="11" cy="16" r="5" fill="#f2a541" />
            <circle cx="21" cy="16" r="5" fill="#7fb8e6" fillOpacity=".9" />
          </svg>
          <span>Parley</span>
        </a>
        <nav className="crumbs">
          <a href="#/">Library</a>
        </nav>
        <div className="spacer" />
        <label className="analyst" title="Your versions are saved under this name; several analysts can each keep their own version of a scenario and combine them.">
          <span className="analyst-label">Analyst</span>
          <input
            aria-label="Analyst name"
            value={analyst}
            onChange={(e) => setA(e.target.value)}
            onBlur={() => {
              setAnalyst(analyst);
              setA(getAnalyst());
            }}
          />
        </label>
        <a className="ghost small" href="/api/openapi.json" target="_blank" rel="noreferrer">
          API
        </a>
      </header>
      <main>
        <ErrorBoundary key={scenarioId ?? 'library'} what={scenarioId ? 'scenario' : 'library'} hint={<a href="#/">Back to the library</a>}>
          {scenarioId ? <Workspace key={scenarioId} id={scenarioId} tab={route[2] ?? 'forecast'} /> : <Library />}
        </ErrorBoundary>
      </main>
      <ToastHost />
    </div>
  );
}
