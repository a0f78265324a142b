// The timeline's marks: page changes (Meta events) and errors (custom events
// whose tag names an error), placed by time; a click seeks there.

const META = 4;
const CUSTOM = 5;

export function marksOf(events, start) {
  const out = [];
  for (const e of events) {
    if (e.type === META && e.data && e.data.href) {
      out.push({ kind: 'page', at: e.timestamp - start, label: 'Page: ' + e.data.href });
    } else if (e.type === CUSTOM && e.data && /error/i.test(String(e.data.tag))) {
      out.push({ kind: 'error', at: e.timestamp - start, label: 'Error: ' + String(e.data.tag) });
    }
  }
  return out;
}

export function drawMarks(container, marks, total, seek) {
  container.replaceChildren();
  for (const m of marks) {
    const el = document.createElement('span');
    el.className = 'mark ' + m.kind;
    el.title = m.label;
    el.style.left = (total > 0 ? (100 * m.at) / total : 0) + '%';
    el.addEventListener('click', () => seek(m.at));
    container.appendChild(el);
  }
}

export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
