// The event list beside the player: every entry a button that seeks there,
// filterable by kind with one checkbox per kind (with its count), and the
// entry at the current time marked as current for sighted and screen-reader
// users alike.

import { KINDS, KIND_NAMES } from './insights.js';
import { clock } from './timeline.js';

export class EventList {
  constructor(filters, list, seek) {
    this.filters = filters;
    this.list = list;
    this.seek = seek;
    this.items = [];
    this.current = null;
  }

  show(entries) {
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const e of entries) counts[e.kind]++;
    const legend = this.filters.querySelector('legend');
    this.filters.replaceChildren(...(legend ? [legend] : []), ...KINDS.map((k) => {
      const label = document.createElement('label');
      label.className = 'filter ' + k;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = k;
      box.addEventListener('change', () => this.filter());
      label.append(box, ' ' + KIND_NAMES[k] + ' (' + counts[k] + ')');
      return label;
    }));
    this.items = entries.map((e) => {
      const li = document.createElement('li');
      li.className = 'entry ' + e.kind;
      li.dataset.kind = e.kind;
      li.dataset.at = e.at;
      const b = document.createElement('button');
      b.type = 'button';
      const time = document.createElement('time');
      time.textContent = clock(e.at);
      const text = document.createElement('span');
      text.className = 'what';
      text.textContent = e.label;
      b.append(time, ' ', text);
      if (e.detail) {
        const detail = document.createElement('span');
        detail.className = 'detail';
        detail.textContent = e.detail;
        b.append(detail);
      }
      b.addEventListener('click', () => this.seek(e.at));
      li.append(b);
      return li;
    });
    this.list.replaceChildren(...this.items);
    if (!entries.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No events in this recording.';
      this.list.append(li);
    }
  }

  filter() {
    const on = new Set(Array.from(this.filters.querySelectorAll('input:checked'), (b) => b.value));
    for (const li of this.items) li.hidden = !on.has(li.dataset.kind);
  }

  // at marks the last entry at or before ms as current.
  at(ms) {
    let cur = null;
    for (const li of this.items) {
      if (Number(li.dataset.at) > ms) break;
      if (!li.hidden) cur = li;
    }
    if (cur === this.current) return;
    if (this.current) this.current.removeAttribute('aria-current');
    this.current = cur;
    if (!cur) return;
    cur.setAttribute('aria-current', 'true');
    cur.scrollIntoView({ block: 'nearest' });
  }
}
