// The replay page (startReplay): fetches a session's events through the API (the login
// cookie authenticates; the server applies the playback rules and audits
// the view) and plays them with rrweb's Replayer, fitted to the window,
// with an event list, keyboard control and links to a moment (?t=SECONDS).

import { Replayer } from 'rrweb';
import { prepareEvents } from './prepare.js';
import { mark, overlayStyles } from './overlay.js';
import { drawMarks, clock } from './timeline.js';
import { entriesOf } from './insights.js';
import { EventList } from './eventlist.js';
import { Fitter } from './fit.js';
import { bindKeys } from './keys.js';
import { holdStill } from './hold.js';

export function startReplay() {
  const root = document.getElementById('replay');
  const $ = (id) => document.getElementById(id);
  const fitter = new Fitter($('player'));
  const list = new EventList($('event-filters'), $('event-list'), seek);
  let replayer = null;
  let meta = { startTime: 0, totalTime: 0 };
  let playing = false;
  let pending = 0;

  function status(text, state) {
    $('status').textContent = text;
    $('status').classList.toggle('failed', state === 'failed');
    root.dataset.state = state;
  }

  // remark runs the overlay pass once per frame at most, after the replayer
  // changed the document.
  function remark() {
    if (pending || !replayer) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      holdStill(replayer.iframe.contentDocument);
      const counts = mark(replayer.iframe.contentDocument, $('overlay').checked);
      root.dataset.masked = counts.masked;
      root.dataset.blocked = counts.blocked;
    });
  }

  function now() {
    return replayer ? Math.min(Math.max(0, replayer.getCurrentTime()), meta.totalTime) : 0;
  }

  function seek(ms) {
    if (!replayer) return;
    ms = Math.min(Math.max(0, ms), meta.totalTime);
    if (playing) replayer.play(ms);
    else replayer.pause(ms + 1); // rrweb applies, when paused, only events strictly before the offset
    $('seek').value = ms;
    list.at(ms);
    remark();
  }

  function setPlaying(on) {
    if (!replayer || on === playing) return;
    if (on) replayer.play(now() >= meta.totalTime ? 0 : now());
    else replayer.pause();
    playing = on;
    $('play').textContent = on ? 'Pause' : 'Play';
    $('play').setAttribute('aria-pressed', String(on));
  }

  function speedBy(step) {
    const s = $('speed');
    s.selectedIndex = Math.min(Math.max(0, s.selectedIndex + step), s.options.length - 1);
    s.dispatchEvent(new Event('change'));
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else $('stage').requestFullscreen().catch((err) => status('Fullscreen refused: ' + err.message, root.dataset.state));
  }

  // startAt reads ?t=SECONDS (whole or decimal, not negative); NaN without one.
  function startAt() {
    const t = new URLSearchParams(location.search).get('t');
    if (t === null) return NaN;
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : NaN;
  }

  // momentLink is this page's address at the current time, whole seconds.
  function momentLink() {
    const u = new URL(location.href);
    u.search = '';
    u.hash = '';
    u.searchParams.set('t', String(Math.floor(now() / 1000)));
    return u.href;
  }

  async function copyLink() {
    const link = momentLink();
    $('link').value = link;
    $('link').hidden = false;
    try {
      await navigator.clipboard.writeText(link);
      $('copied').textContent = 'Link to ' + clock(now()) + ' copied (it needs a login to open).';
    } catch {
      $('link').select();
      $('copied').textContent = 'Copy the selected link to ' + clock(now()) + ' (it needs a login to open).';
    }
  }

  async function load(unmasked) {
    if (replayer) replayer.destroy();
    replayer = null;
    $('player').replaceChildren();
    $('play').disabled = true;
    status('Loading the recording…', 'loading');
    const url = '/api/sessions/' + encodeURIComponent(root.dataset.session) + '/events' + (unmasked ? '?unmasked=1' : '');
    const resp = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!resp.ok) {
      let msg = resp.statusText;
      try { msg = (await resp.json()).error || msg; } catch { /* not JSON */ }
      throw new Error(resp.status + ': ' + msg);
    }
    const events = prepareEvents(await resp.json());
    if (events.length < 2) throw new Error('this session holds too few events to replay');
    replayer = new Replayer(events, {
      root: $('player'),
      speed: Number($('speed').value),
      skipInactive: $('skip').checked,
      insertStyleRules: overlayStyles,
      mouseTail: false,
      triggerFocus: false,
      showWarning: false,
      UNSAFE_replayCanvas: false,
    });
    replayer.iframe.setAttribute('title', 'Replay of the recorded page');
    replayer.iframe.setAttribute('tabindex', '-1');
    replayer.on('resize', (d) => fitter.page(d.width, d.height));
    replayer.on('event-cast', remark);
    replayer.on('fullsnapshot-rebuilded', () => { holdStill(replayer.iframe.contentDocument); remark(); });
    replayer.on('skip-start', (p) => {
      $('skipping').textContent = 'Skipping inactivity' + (p && p.speed ? ' at ' + p.speed + '×' : '') + '…';
      $('skipping').hidden = false;
    });
    replayer.on('skip-end', () => { $('skipping').hidden = true; });
    replayer.on('finish', () => { playing = false; $('play').textContent = 'Play'; $('play').setAttribute('aria-pressed', 'false'); $('skipping').hidden = true; });
    // the first Meta's resize fired inside the constructor, before on()
    const first = events.find((e) => e.type === 4 && e.data && e.data.width > 0 && e.data.height > 0);
    if (first) fitter.page(first.data.width, first.data.height);
    meta = replayer.getMetaData();
    $('seek').max = meta.totalTime;
    const entries = entriesOf(events, meta.startTime);
    list.show(entries);
    drawMarks($('marks'), entries, meta.totalTime, seek);
    playing = false;
    $('play').textContent = 'Play';
    $('play').disabled = false;
    const t = startAt();
    seek(Number.isNaN(t) ? 0 : t);
    window.veilViewer = { replayer, seek, total: meta.totalTime, remark, entries, now, fitter };
    status('Ready: ' + events.length + ' events' + (unmasked ? ' at capture level (this view is audited)' : ', masked with the playback rules'), 'ready');
  }

  function tick() {
    if (replayer) {
      const t = now();
      if (playing) {
        $('seek').value = t;
        list.at(t);
      }
      $('clock').textContent = clock(t) + ' / ' + clock(meta.totalTime);
    }
    requestAnimationFrame(tick);
  }

  function fail(err) {
    status('Cannot replay: ' + err.message, 'failed');
  }

  $('play').addEventListener('click', () => setPlaying(!playing));
  $('speed').addEventListener('change', () => replayer && replayer.setConfig({ speed: Number($('speed').value) }));
  $('skip').addEventListener('change', () => replayer && replayer.setConfig({ skipInactive: $('skip').checked }));
  $('seek').addEventListener('input', () => seek(Number($('seek').value)));
  $('overlay').addEventListener('change', () => {
    if ($('overlay').checked) $('legend').open = true; // the outlines need their key
    remark();
  });
  $('fullscreen').addEventListener('click', fullscreen);
  $('share').addEventListener('click', copyLink);
  if ($('unmasked')) $('unmasked').addEventListener('change', () => load($('unmasked').checked).catch(fail));
  bindKeys({ toggle: () => setPlaying(!playing), seekBy: (ms) => seek(now() + ms), speedBy, fullscreen });

  load(false).catch(fail);
  requestAnimationFrame(tick);
}
