// Sign-up does not post anywhere: the demo moves on to the account page, so
// nothing typed ever lands in a URL or a server log.
document.getElementById('signup').addEventListener('submit', function (e) {
  e.preventDefault();
  location.href = 'account.html';
});
