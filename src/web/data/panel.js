// The panel's only script (served from /app/static/panel.js; the CSP allows no other).
// The session is a bearer token, not a cookie (MAX's web client frames the panel from its own
// site, where cookies are not sent): it lives in sessionStorage and goes as an Authorization
// header with every request, never in a URL. So this script loads every page, form post, image
// and download itself, by fetch, swaps the page's body in and keeps history with pushState.
(function () {
  'use strict';
  var KEY = 'panel-session';
  var root = document.documentElement;
  var memory = null; // when sessionStorage is unavailable (storage blocked in the frame)
  var blobs = []; // object URLs of the current page's images, released on the next page
  var loads = 0;

  function getToken() {
    try {
      return window.sessionStorage.getItem(KEY) || memory;
    } catch (e) {
      return memory;
    }
  }
  function setToken(token) {
    memory = token;
    try {
      if (token) window.sessionStorage.setItem(KEY, token);
      else window.sessionStorage.removeItem(KEY);
    } catch (e) {
      /* memory only */
    }
  }

  function request(url, init) {
    init = init || {};
    var headers = { Authorization: 'Bearer ' + getToken() };
    return fetch(url, { method: init.method || 'GET', body: init.body, headers: headers, credentials: 'omit', cache: 'no-store', redirect: 'follow' }).then(function (res) {
      // 401: the session lapsed (or never was); its token is of no further use.
      if (res.status === 401) setToken(null);
      return res;
    });
  }

  // Puts a server-rendered page (the whole HTML document) in place of the current one.
  function show(text) {
    var doc = new DOMParser().parseFromString(text, 'text/html');
    blobs.forEach(function (u) { URL.revokeObjectURL(u); });
    blobs = [];
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    document.querySelectorAll('img[data-src]').forEach(loadImage);
    window.scrollTo(0, 0);
    loads += 1;
    root.setAttribute('data-loads', String(loads));
    root.removeAttribute('aria-busy');
  }

  // Loads a page (or a change's answer) and shows it; the address follows the page shown.
  function go(url, init, how) {
    root.setAttribute('aria-busy', 'true');
    return request(url, init)
      .then(function (res) {
        return res.text().then(function (text) {
          var method = (init && init.method) || 'GET';
          // A change answered by a redirect shows the page it led to; a refused change keeps the address.
          var address = method === 'GET' || res.redirected ? res.url : null;
          if (address && how === 'push') history.pushState(null, '', address);
          else if (address && how === 'replace') history.replaceState(null, '', address);
          show(text);
        });
      })
      .catch(function () {
        root.removeAttribute('aria-busy');
      });
  }

  function loadImage(img) {
    var src = img.getAttribute('data-src');
    // A chart is drawn for the width it is shown at (its text stays at its own size on a phone).
    if (img.parentElement && img.parentElement.classList.contains('chart')) {
      src += (src.indexOf('?') < 0 ? '?' : '&') + 'w=' + Math.round(img.parentElement.clientWidth || 900);
    }
    request(src)
      .then(function (res) {
        return res.ok ? res.blob() : null;
      })
      .then(function (blob) {
        if (!blob) return;
        var url = URL.createObjectURL(blob);
        blobs.push(url);
        img.src = url;
      })
      .catch(function () {});
  }

  // A file (a QR code's PNG, a spreadsheet): fetched with the session, saved from a blob: URL.
  function download(link) {
    request(link.getAttribute('href'))
      .then(function (res) {
        if (!res.ok) return res.text().then(show);
        return res.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = document.createElement('a');
          a.href = url;
          a.download = link.getAttribute('download') || '';
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        });
      })
      .catch(function () {});
  }

  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    if (target.closest('[data-print]')) return window.print();
    var a = target.closest('a[href]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var href = a.getAttribute('href');
    if (href.indexOf('/app/') !== 0) return;
    e.preventDefault();
    if (a.hasAttribute('download')) download(a);
    else go(href, null, 'push');
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    e.preventDefault();
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) return;
    var data;
    try {
      data = new FormData(form, e.submitter || undefined);
    } catch (err) {
      data = new FormData(form);
    }
    var params = new URLSearchParams(data);
    var action = form.getAttribute('action') || window.location.pathname;
    if ((form.getAttribute('method') || 'get').toLowerCase() === 'post') go(action, { method: 'POST', body: params }, 'push');
    else go(action.split('?')[0] + '?' + params.toString(), null, 'push');
  });

  // Filters apply as soon as they change.
  document.addEventListener('change', function (e) {
    var select = e.target;
    if (!(select instanceof HTMLSelectElement) || !select.form || !select.form.classList.contains('filters')) return;
    if (select.form.requestSubmit) select.form.requestSubmit();
    else select.form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });

  window.addEventListener('popstate', function () {
    go(window.location.pathname + window.location.search, null, 'none');
  });

  // The launch page (the first page of a launch, or any page reloaded inside MAX).
  if (!document.body.hasAttribute('data-launch')) return;
  var here = window.location.pathname + window.location.search;
  var fragment = window.location.hash.replace(/^#/, '');
  var lapsed = function () {
    document.getElementById('wait').hidden = true;
    document.getElementById('lapsed').hidden = false;
    root.setAttribute('data-loads', String(++loads));
  };
  if (fragment.indexOf('WebAppData=') !== -1) {
    // MAX put the signed launch data in the fragment: take it out of the address bar and
    // exchange it, once, for a session token.
    history.replaceState(null, '', here);
    var body = new URLSearchParams();
    body.set('fragment', fragment);
    fetch('/app/session', { method: 'POST', body: body, credentials: 'omit', cache: 'no-store' })
      .then(function (res) {
        if (res.ok) {
          return res.json().then(function (answer) {
            setToken(answer.token);
            return go(answer.to, null, 'replace');
          });
        }
        // The same launch shown again in this tab (the frame re-created with its first address):
        // the tab's own session still serves.
        if (res.status === 401 && getToken()) return go(here, null, 'replace');
        return res.text().then(show);
      })
      .catch(lapsed);
  } else if (getToken()) {
    go(here, null, 'replace');
  } else {
    lapsed();
  }
})();
