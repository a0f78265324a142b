// Prepares stored events for the replayer without changing what they show:
// blocked elements get a marker the overlay can find (rrweb itself drops the
// needBlock flag when it rebuilds), every rebuilt form control gets
// autocomplete="off", so the viewer's own browser never autofills a replay
// with the viewer's data, and rel keeps only the words that load nothing
// or load under the viewer's CSP.

const ELEMENT = 2;
const INCREMENTAL = 3;
const FULL_SNAPSHOT = 2;
const MUTATION = 0;
const CONTROLS = new Set(['input', 'textarea', 'select', 'form']);

export const BLOCKED_ATTR = 'data-veil-blocked';

// Resource hints (preconnect, dns-prefetch, …) are the one way a replayed
// page reaches another host that the viewer's CSP does not stop: Chromium
// opens the connection outside any CSP check, which would tell the recorded
// site (or whoever wrote the hint into the page) who watches, and when. The
// replay keeps only these rel words; the others change nothing on screen.
// This runs on every replay, capture level included, which playback masking
// never touches.
const SAFE_REL = new Set(['stylesheet', 'alternate', 'icon']);

// safeRel is value with only SAFE_REL's words, or null when none is left
// (rrweb removes an attribute whose value is null).
export function safeRel(value) {
  if (typeof value !== 'string') return value;
  const kept = value.split(/[\t\n\f\r ]+/).filter((w) => SAFE_REL.has(w.toLowerCase()));
  return kept.length ? kept.join(' ') : null;
}

function prepareNode(n) {
  if (!n || typeof n !== 'object') return;
  if (n.type === ELEMENT) {
    n.attributes = n.attributes || {};
    if (n.needBlock) n.attributes[BLOCKED_ATTR] = '';
    if (CONTROLS.has(String(n.tagName).toLowerCase())) n.attributes.autocomplete = 'off';
    if ('rel' in n.attributes) {
      const rel = safeRel(n.attributes.rel);
      if (rel === null) delete n.attributes.rel;
      else n.attributes.rel = rel;
    }
  }
  for (const c of n.childNodes || []) prepareNode(c);
}

// prepareEvents edits events in place and returns them.
export function prepareEvents(events) {
  for (const e of events) {
    if (e.type === FULL_SNAPSHOT) prepareNode(e.data && e.data.node);
    if (e.type !== INCREMENTAL || !e.data || e.data.source !== MUTATION) continue;
    for (const add of e.data.adds || []) prepareNode(add.node);
    for (const a of e.data.attributes || []) {
      if (!a.attributes) continue;
      if (typeof a.attributes.autocomplete === 'string') a.attributes.autocomplete = 'off';
      if (typeof a.attributes.rel === 'string') a.attributes.rel = safeRel(a.attributes.rel);
    }
  }
  return events;
}
