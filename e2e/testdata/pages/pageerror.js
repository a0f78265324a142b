// What a checkout script might do: errors whose messages echo what was typed
// (e2e/pageerrors_test.go).
function typed() {
  return document.getElementById('card').value;
}
function checkCard(value) {
  throw new TypeError('Invalid card ' + value);
}
window.failCard = () => setTimeout(() => checkCard(typed()));
window.rejectValue = () => { Promise.reject('declined ' + typed()); };
window.rejectError = () => { Promise.reject(new RangeError('limit for ' + typed())); };
