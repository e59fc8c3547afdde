/* Material's inline start-up script (partials/javascripts/base.html) as a file, so that the
   Content-Security-Policy needs no 'unsafe-inline': the scope comes from data-md-scope. */
var __md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location),
  __md_hash = function (e) { return [].concat(Array.from(e)).reduce(function (a, c) { return (a << 5) - a + c.charCodeAt(0); }, 0); },
  __md_get = function (e, s, t) { s = s || localStorage; t = t || __md_scope; return JSON.parse(s.getItem(t.pathname + "." + e)); },
  __md_set = function (e, v, s, t) { s = s || localStorage; t = t || __md_scope; try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (x) { /* full or private */ } };
