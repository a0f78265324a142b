// Uncaught errors and unhandled rejections of the page, for the Error op
// (recorded as a veil-error event with the message masked like page text)
// and for error-only mode's trigger.

// A page that throws in a loop must not flood the recording.
export const MAX_PAGE_ERRORS = 50;
const MAX_MESSAGE = 4096;

function describe(reason) {
  if (reason && typeof reason === 'object' && typeof reason.message === 'string') {
    return (typeof reason.name === 'string' && reason.name ? reason.name + ': ' : '') + reason.message;
  }
  try {
    return String(reason);
  } catch {
    return 'unknown reason';
  }
}

// watchErrors calls onError(message) for each uncaught error and unhandled
// rejection, and returns a function that removes its listeners.
export function watchErrors(win, onError) {
  let count = 0;
  const report = (message) => {
    if (++count > MAX_PAGE_ERRORS) return;
    onError(String(message).slice(0, MAX_MESSAGE));
  };
  // Resource load errors do not bubble to window; only script errors arrive.
  const error = (e) => report(e.message || describe(e.error) || 'Script error.');
  const rejection = (e) => report('Unhandled rejection: ' + describe(e.reason));
  win.addEventListener('error', error);
  win.addEventListener('unhandledrejection', rejection);
  return () => {
    win.removeEventListener('error', error);
    win.removeEventListener('unhandledrejection', rejection);
  };
}
