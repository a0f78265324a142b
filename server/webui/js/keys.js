// The player's keyboard: space plays or pauses, ←/→ seek 5 s, [ and ]
// change the speed, f toggles fullscreen. Keys typed into a form field, and
// keys a focused control handles itself (space on a button or checkbox,
// arrows in a select), are left to it.

export const SEEK_STEP_MS = 5000;

function handledByTarget(t, key) {
  if (!(t instanceof Element)) return false;
  const tag = t.tagName.toLowerCase();
  if (tag === 'textarea' || t.isContentEditable) return true;
  if (tag === 'select') return key !== '[' && key !== ']';
  if (tag === 'input') {
    if (t.type === 'range') return false; // the timeline: the player's keys there too (→ is 5 s, not one step)
    return t.type === 'text' || t.type === 'search' || t.type === 'url' || key !== '[' && key !== ']' && key !== 'f';
  }
  if (tag === 'button' || tag === 'a') return key === ' ' || key === 'Enter';
  return false;
}

export function bindKeys(actions) {
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || handledByTarget(e.target, e.key)) return;
    const act = {
      ' ': actions.toggle,
      ArrowLeft: () => actions.seekBy(-SEEK_STEP_MS),
      ArrowRight: () => actions.seekBy(SEEK_STEP_MS),
      '[': () => actions.speedBy(-1),
      ']': () => actions.speedBy(1),
      f: actions.fullscreen,
    }[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  });
}
