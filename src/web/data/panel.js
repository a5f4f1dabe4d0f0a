// The panel's only script (served from /app/static/panel.js; the CSP allows no other).
(function () {
  'use strict';
  // The launch page: MAX put the signed launch data in the URL fragment; hand it to the
  // server in a form post and take it out of the address bar.
  var launch = document.getElementById('launch');
  if (launch) {
    var fragment = window.location.hash.replace(/^#/, '');
    history.replaceState(null, '', window.location.pathname + window.location.search);
    launch.elements.namedItem('fragment').value = fragment;
    launch.submit();
    return;
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });
  // Filters apply as soon as they change.
  document.querySelectorAll('form.filters select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
})();
