// The replay page: fetches a session's events through the API (the login
// cookie authenticates; the server applies the playback rules and audits
// the view) and plays them with rrweb's Replayer.

import { Replayer } from 'rrweb';
import { prepareEvents } from './prepare.js';
import { mark, overlayStyles } from './overlay.js';
import { marksOf, drawMarks, clock } from './timeline.js';

const root = document.getElementById('replay');
const $ = (id) => document.getElementById(id);
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
    const counts = mark(replayer.iframe.contentDocument, $('overlay').checked);
    root.dataset.masked = counts.masked;
    root.dataset.blocked = counts.blocked;
  });
}

function fit(width, height) {
  const player = $('player');
  const scale = Math.min(1, player.clientWidth / width);
  const wrapper = player.querySelector('.replayer-wrapper');
  if (wrapper) wrapper.style.transform = `scale(${scale})`;
  player.style.height = Math.ceil(height * scale) + 'px';
}

function seek(ms) {
  if (!replayer) return;
  if (playing) replayer.play(ms);
  else replayer.pause(ms + 1); // rrweb applies, when paused, only events strictly before the offset
  $('seek').value = ms;
  remark();
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
  replayer.iframe.setAttribute('title', 'Replay');
  replayer.on('resize', (d) => fit(d.width, d.height));
  replayer.on('event-cast', remark);
  replayer.on('fullsnapshot-rebuilded', remark);
  replayer.on('finish', () => { playing = false; $('play').textContent = 'Play'; });
  meta = replayer.getMetaData();
  $('seek').max = meta.totalTime;
  drawMarks($('marks'), marksOf(events, meta.startTime), meta.totalTime, seek);
  replayer.pause(0);
  playing = false;
  $('play').textContent = 'Play';
  $('play').disabled = false;
  window.veilViewer = { replayer, seek, total: meta.totalTime, remark };
  status('Ready: ' + events.length + ' events' + (unmasked ? ' at capture level (this view is audited)' : ', masked with the playback rules'), 'ready');
  remark();
}

function tick() {
  if (replayer) {
    const now = Math.min(replayer.getCurrentTime(), meta.totalTime);
    if (playing) $('seek').value = now;
    $('clock').textContent = clock(now) + ' / ' + clock(meta.totalTime);
  }
  requestAnimationFrame(tick);
}

function fail(err) {
  status('Cannot replay: ' + err.message, 'failed');
}

$('play').addEventListener('click', () => {
  if (!replayer) return;
  if (playing) {
    replayer.pause();
    playing = false;
  } else {
    const at = replayer.getCurrentTime() >= meta.totalTime ? 0 : replayer.getCurrentTime();
    replayer.play(at);
    playing = true;
  }
  $('play').textContent = playing ? 'Pause' : 'Play';
});
$('speed').addEventListener('change', () => replayer && replayer.setConfig({ speed: Number($('speed').value) }));
$('skip').addEventListener('change', () => replayer && replayer.setConfig({ skipInactive: $('skip').checked }));
$('seek').addEventListener('input', () => seek(Number($('seek').value)));
$('overlay').addEventListener('change', remark);
if ($('unmasked')) $('unmasked').addEventListener('change', () => load($('unmasked').checked).catch(fail));

load(false).catch(fail);
requestAnimationFrame(tick);
