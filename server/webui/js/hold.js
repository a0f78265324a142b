// A replayed page is a picture of a page, never a page to act on. The
// sandbox stops its forms, popups and top navigation, and the CSP its loads
// from other origins, but nothing stops a recorded link from navigating the
// replay frame itself once something activates it (a screen reader's
// cursor, a focus given from the viewer's side, Enter): the replay is then
// gone, replaced by an error page or by whatever page of the collector the
// link names. holdStill cancels every activation in the replayed document.
// Listeners added again are not added twice, and document.open() (which
// rrweb calls on some rebuilds) removes them, so callers run it after every
// rebuild.

const ACTIVATIONS = ['click', 'auxclick', 'dblclick', 'submit', 'keydown'];

function stop(e) {
  if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
  e.preventDefault();
  e.stopImmediatePropagation();
}

export function holdStill(doc) {
  if (!doc) return;
  for (const type of ACTIVATIONS) doc.addEventListener(type, stop, true);
}
