// Speak Up's plain script, on every page (no WebAssembly needed): "Leave this page quickly"
// and Shift pressed three times, the Print button, forgetting typed text once it has been
// sent, and the "JavaScript is on" mark. Served by the server at /js/quick-exit.<hash>.js
// (app/src/assets.rs); the typing pages add the WebAssembly islands on top (README, Decisions).
(function () {
  'use strict';
  // Every key this app keeps on the device starts with this (as in app/src/browser.rs).
  var PREFIX = 'speakup.';
  function forget() {
    try {
      var s = window.localStorage;
      for (var i = s.length - 1; i >= 0; i--) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) s.removeItem(k);
      }
    } catch (e) { /* storage switched off: nothing kept */ }
  }
  // Like GOV.UK's "Exit this page": blank the page this instant, forget the device copy, then
  // *replace* this page (Back does not return) with /leave, which clears the site's cookies
  // and storage on the server's side and goes to a neutral site.
  function leave() {
    document.body.innerHTML = '';
    document.title = '';
    forget();
    window.location.replace('/leave');
  }
  // The script is the last thing in the body (app/src/lib.rs, shell), so the page is there.
  function start() {
    document.body.classList.add('js-enabled');
    // The confirmation page: what was typed has been sent.
    if (document.querySelector('[data-forget-device-copy]')) forget();
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
  document.addEventListener('submit', function (e) {
    if (e.target.matches && e.target.matches('form.quick-exit')) {
      e.preventDefault();
      leave();
    }
  });
  document.addEventListener('click', function (e) {
    if (e.target.closest && e.target.closest('[data-print]')) window.print();
  });
  // Shift pressed and released on its own three times, each within a second of the last. A
  // Shift used with another key (a capital letter, Shift+Tab) starts the count again. Never
  // on officer pages: staff type capitals all day.
  if (window.location.pathname.indexOf('/officer') === 0) return;
  var count = 0, last = 0, alone = false;
  window.addEventListener('keydown', function (e) {
    if (e.key === 'Shift') {
      if (!e.repeat) alone = !(e.ctrlKey || e.altKey || e.metaKey);
    } else {
      alone = false;
      count = 0;
    }
  });
  window.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') return;
    if (!alone) { count = 0; return; }
    alone = false;
    var now = Date.now();
    if (now - last > 1000) count = 0;
    last = now;
    if (++count >= 3) { count = 0; leave(); }
  });
})();
