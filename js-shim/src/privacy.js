// Privacy signals. Browsers fire no event when Do Not Track or Global
// Privacy Control change, so the recorder asks again on every page load and
// every start(). With privacySignals "honor" they win over optIn().

// privacySignal names the signal that forbids recording, or returns ''.
export function privacySignal(nav, win, honor) {
  if (!honor) return '';
  if (nav.globalPrivacyControl === true) return 'Global Privacy Control';
  // Older Safari and IE spelled it on window; '1' is the only "on" value.
  if (nav.doNotTrack === '1' || win.doNotTrack === '1') return 'Do Not Track';
  return '';
}
