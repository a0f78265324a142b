// The timeline's marks: one focusable button per event-list entry of the
// kinds worth a mark (pages, errors, rage and dead clicks), coloured by
// kind, labelled for hover, focus and screen readers; activating one seeks.

const MARKED = new Set(['page', 'error', 'rage', 'dead']);

export function drawMarks(container, entries, total, seek) {
  container.replaceChildren();
  for (const m of entries) {
    if (!MARKED.has(m.kind)) continue;
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'mark ' + m.kind;
    el.dataset.label = clock(m.at) + ' ' + m.label;
    el.setAttribute('aria-label', 'Seek to ' + clock(m.at) + ': ' + m.label);
    el.style.left = (total > 0 ? (100 * m.at) / total : 0) + '%';
    el.addEventListener('click', () => seek(m.at));
    container.appendChild(el);
  }
}

export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
