// The support chat widget: its messages hold whatever customers tell support,
// which is why the demo's rules block the whole widget.
(function () {
  var chat = document.createElement('aside');
  chat.className = 'support-chat';
  chat.innerHTML = '<strong>Support chat</strong>' +
    '<p class="msg">Agent Mia: Hi Jane, I see order #48213 to 12 Elm Street.</p>' +
    '<p class="msg">You: my card ending 4242 was charged twice</p>' +
    '<input id="chat-input" placeholder="Type a message">';
  document.body.appendChild(chat);
  var n = 0;
  setInterval(function () {
    if (n++ < 3) {
      var p = document.createElement('p');
      p.className = 'msg';
      p.textContent = 'Agent Mia: checking refund for jane.roe@example.com (' + n + ')';
      chat.insertBefore(p, chat.lastChild);
    }
  }, 1500);
})();
