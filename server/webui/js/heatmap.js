// The heatmap page (startHeatmap): replays one session's events through the
// API (masked with the playback rules and audited as any replay) up to the
// moment of its first click on the page, pauses there, and outlines each
// clicked element, found by its tag/nth-of-type path in that masked page,
// coloured by its share of the clicks and badged with its rank. The cells
// come with the page (the server aggregated them under the playback rules).

import { Replayer } from 'rrweb';
import { holdStill } from './hold.js';
import { prepareEvents } from './prepare.js';
import { overlayStyles } from './overlay.js';
import { Fitter } from './fit.js';

// heat maps a share of the most clicked element's clicks (0..1] to a
// colour from yellow to red, as "r, g, b".
function heat(share) {
  const g = Math.round(200 * (1 - share));
  return `${share > 0.5 ? 214 : 230}, ${g}, 0`;
}

// selectorOf turns a path of insights.tree into a CSS selector; null for a
// path a selector cannot follow (into a frame's document, or cut short).
function selectorOf(path) {
  if (path.includes('#document') || path.includes('…')) return null;
  return path;
}

function draw(doc, layer, cells) {
  layer.replaceChildren();
  const top = Math.max(1, ...cells.map((c) => c.clicks));
  let drawn = 0;
  for (const c of cells) {
    const sel = selectorOf(c.path);
    let el = null;
    try {
      el = sel && doc.querySelector(sel);
    } catch {
      el = null; // not a selector this browser takes
    }
    const row = document.querySelector(`tr.cell[data-path="${CSS.escape(c.path)}"]`);
    if (row) row.classList.toggle('missing', !el);
    if (!el) continue;
    const r = el.getBoundingClientRect();
    const box = document.createElement('div');
    box.className = 'heat-box';
    box.dataset.path = c.path;
    box.dataset.clicks = String(c.clicks);
    box.style.setProperty('--heat', heat(c.clicks / top));
    box.style.left = r.left + 'px'; // the layer sits on the iframe's viewport
    box.style.top = r.top + 'px';
    box.style.width = Math.max(r.width, 8) + 'px';
    box.style.height = Math.max(r.height, 8) + 'px';
    box.title = `#${c.rank}: ${c.clicks} click${c.clicks === 1 ? '' : 's'}` +
      (c.rage ? `, ${c.rage} in rage bursts` : '') + (c.dead ? `, ${c.dead} dead` : '');
    const badge = document.createElement('span');
    badge.className = 'heat-badge';
    badge.textContent = String(c.rank);
    box.append(badge);
    layer.append(box);
    drawn++;
  }
  return drawn;
}

export function startHeatmap() {
  const root = document.getElementById('heatmap');
  const player = document.getElementById('player');
  const status = document.getElementById('status');
  if (!player || !root.dataset.session) return;
  const cells = JSON.parse(root.dataset.cells || '[]');
  const at = Number(root.dataset.at) || 0;
  const fitter = new Fitter(player);

  const say = (text, state) => {
    status.textContent = text;
    root.dataset.state = state;
  };

  (async () => {
    const url = '/api/sessions/' + encodeURIComponent(root.dataset.session) + '/events';
    const resp = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!resp.ok) {
      let msg = resp.statusText;
      try { msg = (await resp.json()).error || msg; } catch { /* not JSON */ }
      throw new Error(resp.status + ': ' + msg);
    }
    const events = prepareEvents(await resp.json());
    if (events.length < 2) throw new Error('the snapshot session holds too few events');
    const replayer = new Replayer(events, {
      root: player,
      insertStyleRules: overlayStyles,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      UNSAFE_replayCanvas: false,
    });
    replayer.iframe.setAttribute('title', 'Snapshot of the page, masked with the playback rules');
    replayer.iframe.setAttribute('tabindex', '-1');
    replayer.on('resize', (d) => fitter.page(d.width, d.height));
    const first = events.find((e) => e.type === 4 && e.data && e.data.width > 0 && e.data.height > 0);
    if (first) fitter.page(first.data.width, first.data.height);
    replayer.pause(at + 1); // rrweb applies, when paused, only events strictly before the offset
    const wrapper = player.querySelector('.replayer-wrapper');
    const layer = document.createElement('div');
    layer.className = 'heat-layer';
    layer.setAttribute('aria-hidden', 'true'); // the table beside says it all
    wrapper.append(layer);
    // layout settles a frame after the rebuild
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const doc = replayer.iframe.contentDocument;
    holdStill(doc);
    const drawn = draw(doc, layer, cells);
    root.dataset.drawn = String(drawn);
    window.veilHeatmap = { replayer, cells, redraw: () => draw(doc, layer, cells) };
    say(`Snapshot ready: ${drawn} of ${cells.length} clicked element${cells.length === 1 ? '' : 's'} found in it.`, 'ready');
  })().catch((err) => say('Cannot show the snapshot: ' + err.message, 'failed'));
}
