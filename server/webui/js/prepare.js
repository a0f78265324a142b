// Prepares stored events for the replayer without changing what they show:
// blocked elements get a marker the overlay can find (rrweb itself drops the
// needBlock flag when it rebuilds), and every rebuilt form control gets
// autocomplete="off", so the viewer's own browser never autofills a replay
// with the viewer's data.

const ELEMENT = 2;
const INCREMENTAL = 3;
const FULL_SNAPSHOT = 2;
const MUTATION = 0;
const CONTROLS = new Set(['input', 'textarea', 'select', 'form']);

export const BLOCKED_ATTR = 'data-veil-blocked';

function prepareNode(n) {
  if (!n || typeof n !== 'object') return;
  if (n.type === ELEMENT) {
    n.attributes = n.attributes || {};
    if (n.needBlock) n.attributes[BLOCKED_ATTR] = '';
    if (CONTROLS.has(String(n.tagName).toLowerCase())) n.attributes.autocomplete = 'off';
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
      if (a.attributes && typeof a.attributes.autocomplete === 'string') a.attributes.autocomplete = 'off';
    }
  }
  return events;
}
