// Client-side routing the way single-page apps do it: history.pushState on a
// link click, popstate on Back. No router library: the test needs exactly
// these two browser mechanisms, nothing more.
import { useEffect, useState } from 'react';

export function navigate(to) {
  history.pushState(null, '', to);
  dispatchEvent(new Event('spa:navigate'));
}

// useLocation re-renders on every route change and returns {path, query}.
export function useLocation() {
  const read = () => ({ path: location.pathname, query: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    addEventListener('popstate', update);
    addEventListener('spa:navigate', update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener('spa:navigate', update);
    };
  }, []);
  return loc;
}
