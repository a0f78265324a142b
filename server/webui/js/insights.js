// The event list's entries, derived at read time from the replayed (so
// playback-masked) events only: page views, clicks, inputs, scrolls,
// errors, and the rage and dead clicks found among the clicks. Nothing here
// reads an input's value: an input entry names the control, never what was
// typed.

import { NodeIndex } from './nodes.js';

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const META = 4;
const CUSTOM = 5;
const MUTATION = 0;
const MOUSE_INTERACTION = 2;
const SCROLL = 3;
const INPUT = 5;
const CLICK = 2;

export const ERROR_TAG = 'veil-error';

// Rage: at least RAGE_CLICKS clicks within RAGE_MS of the first and within
// RAGE_PX of it. Dead: a click that nothing answers (no DOM mutation, input
// or navigation) within DEAD_MS.
export const RAGE_CLICKS = 3;
export const RAGE_MS = 1000;
export const RAGE_PX = 30;
export const DEAD_MS = 1000;
// Scroll events closer than this make one entry.
const SCROLL_GAP_MS = 1000;

export const KINDS = ['page', 'click', 'input', 'scroll', 'error', 'rage', 'dead'];
export const KIND_NAMES = { page: 'Page views', click: 'Clicks', input: 'Inputs', scroll: 'Scrolls',
  error: 'Errors', rage: 'Rage clicks', dead: 'Dead clicks' };

// entriesOf returns {kind, at, label, detail?} sorted by time; at is ms from
// start.
export function entriesOf(events, start) {
  const index = new NodeIndex();
  const out = [];
  const clicks = [];
  const answers = []; // times something answered: mutations, inputs, navigations
  let lastScroll = -Infinity;
  let end = 0;
  for (const e of events) {
    const at = e.timestamp - start;
    const d = e.data || {};
    end = Math.max(end, at);
    switch (e.type) {
      case META:
        if (typeof d.href === 'string') out.push({ kind: 'page', at, label: 'Page view ' + d.href });
        answers.push(at);
        break;
      case FULL_SNAPSHOT:
        index.snapshot(d.node);
        answers.push(at);
        break;
      case CUSTOM:
        if (d.tag === ERROR_TAG) out.push(errorEntry(at, d.payload || {}));
        break;
      case INCREMENTAL:
        if (d.source === MUTATION) {
          for (const a of d.adds || []) index.add(a.node, a.parentId);
          for (const t of d.texts || []) index.setText(t.id, t.value);
          answers.push(at);
        } else if (d.source === INPUT) {
          out.push({ kind: 'input', at, label: 'Input in ' + index.describe(d.id) });
          answers.push(at);
        } else if (d.source === SCROLL) {
          if (at - lastScroll > SCROLL_GAP_MS) out.push({ kind: 'scroll', at, label: 'Scroll to ' + Math.round(d.y || 0) + ' px' });
          else out[lastScrollEntry(out)].label = 'Scroll to ' + Math.round(d.y || 0) + ' px';
          lastScroll = at;
        } else if (d.source === MOUSE_INTERACTION && d.type === CLICK) {
          const c = { kind: 'click', at, x: d.x, y: d.y, target: index.describe(d.id), control: index.isControl(d.id) };
          c.label = 'Click on ' + c.target;
          clicks.push(c);
          out.push(c);
        }
        break;
    }
  }
  out.push(...rageClicks(clicks), ...deadClicks(clicks, answers, end));
  return out.sort((a, b) => a.at - b.at || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
}

function lastScrollEntry(out) {
  for (let i = out.length - 1; i >= 0; i--) if (out[i].kind === 'scroll') return i;
  return -1;
}

// errorEntry: the error's name (an identifier the masking kept or
// replaced), its innermost source location, and its message as recorded
// (masked unless the rules reveal messages).
function errorEntry(at, p) {
  const name = typeof p.name === 'string' && p.name ? p.name : 'Error';
  const f = Array.isArray(p.frames) && p.frames.length ? p.frames[0] : null;
  const where = f && (f.url || f.line) ? ' at ' + (f.url || '(inline)') + ':' + f.line + ':' + f.column : '';
  const message = typeof p.message === 'string' && p.message ? p.message : '';
  return { kind: 'error', at, label: name + where, detail: message };
}

// rageClicks finds bursts of RAGE_CLICKS or more clicks, each within RAGE_MS
// and RAGE_PX of the burst's first; one entry per burst.
export function rageClicks(clicks) {
  const out = [];
  for (let i = 0; i < clicks.length;) {
    const first = clicks[i];
    let j = i + 1;
    while (j < clicks.length && clicks[j].at - first.at <= RAGE_MS &&
      Math.hypot(clicks[j].x - first.x, clicks[j].y - first.y) <= RAGE_PX) j++;
    if (j - i >= RAGE_CLICKS) {
      out.push({ kind: 'rage', at: first.at, label: 'Rage click: ' + (j - i) + ' clicks on ' + first.target });
      i = j;
    } else {
      i++;
    }
  }
  return out;
}

// deadClicks are clicks that nothing answered within DEAD_MS; a burst of
// them on one spot counts once, a burst measured as a rage click is (within
// RAGE_MS and RAGE_PX of its first click). A click in the recording's last
// DEAD_MS (end) that nothing answered cannot tell, and is left out.
export function deadClicks(clicks, answers, end) {
  const out = [];
  let first = null; // the first click of the current burst of dead clicks
  for (const c of clicks) {
    const answered = answers.some((t) => t >= c.at && t <= c.at + DEAD_MS);
    // a form control's answer may be masked away (a masked checkbox sends
    // its first change only): never call it dead
    if (c.control || (!answered && c.at + DEAD_MS > end)) continue;
    if (answered) { first = null; continue; }
    if (first && c.at - first.at <= RAGE_MS && Math.hypot(c.x - first.x, c.y - first.y) <= RAGE_PX) continue;
    out.push({ kind: 'dead', at: c.at, label: 'Dead click on ' + c.target });
    first = c;
  }
  return out;
}
