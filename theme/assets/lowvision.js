/* Версия для слабовидящих (ГОСТ Р 52872-2019): размер шрифта, цвета, интервал, изображения.
   Настройки хранятся в localStorage и применяются до отрисовки страницы: этот файл
   подключается в <head> без defer. Переносы длинных слов (assets/lowvision-hyphens.js)
   загружаются, только когда версия для слабовидящих включена. */
(function () {
  "use strict";
  var KEY = "innopub.lowvision";
  var root = document.documentElement;
  var DEFAULTS = { on: false, size: "1", scheme: "bw", spacing: "0", images: "on" };
  var FIELDS = ["size", "scheme", "spacing", "images"];
  var ASSETS = document.currentScript ? document.currentScript.src.replace(/[^/]*$/, "") : "";
  var hyphensScript = null;

  // Hyphenation of long words, only in the low-vision version: assets/lowvision-hyphens.js, loaded when it is first on.
  function hyphenate(on) {
    if (!document.body) { return; }  // in <head>: again on DOMContentLoaded
    if (window.innopubHyphens) {
      window.innopubHyphens(on);
    } else if (on && !hyphensScript) {
      hyphensScript = document.createElement("script");
      hyphensScript.src = ASSETS + "lowvision-hyphens.js";
      document.head.appendChild(hyphensScript);
    }
  }

  function load() {
    var state = {};
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(KEY)); } catch (e) { saved = null; }
    Object.keys(DEFAULTS).forEach(function (k) {
      state[k] = saved && saved[k] !== undefined ? saved[k] : DEFAULTS[k];
    });
    return state;
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(state) {
    if (state.on) {
      root.setAttribute("data-lv", "on");
      FIELDS.forEach(function (k) { root.setAttribute("data-lv-" + k, String(state[k])); });
    } else {
      root.removeAttribute("data-lv");
      FIELDS.forEach(function (k) { root.removeAttribute("data-lv-" + k); });
    }
    var buttons = document.querySelectorAll("[data-lv-set]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var field = b.getAttribute("data-lv-set");
      b.setAttribute("aria-pressed", String(state.on && String(state[field]) === b.getAttribute("data-lv-value")));
    }
    var switches = document.querySelectorAll("[data-lv-switch]");
    for (var j = 0; j < switches.length; j++) {
      switches[j].setAttribute("aria-pressed", String(state.on));
    }
    hyphenate(state.on);
  }

  // On a phone the settings fold behind «Настройки» (lowvision.css); unfolded, the panel has data-lv-open.
  function unfold(open) {
    var panel = document.getElementById("lowvision-panel");
    if (!panel) { return; }
    if (open) { panel.setAttribute("data-lv-open", ""); } else { panel.removeAttribute("data-lv-open"); }
    var toggles = panel.querySelectorAll("[data-lv-toggle]");
    for (var i = 0; i < toggles.length; i++) { toggles[i].setAttribute("aria-expanded", String(open)); }
  }

  var state = load();
  apply(state);

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-lv-set], [data-lv-switch], [data-lv-off], [data-lv-toggle]") : null;
    if (!target) { return; }
    event.preventDefault();
    if (target.hasAttribute("data-lv-toggle")) {
      unfold(target.getAttribute("aria-expanded") !== "true");
      return;
    }
    if (target.hasAttribute("data-lv-switch")) {
      state.on = !state.on;
    } else if (target.hasAttribute("data-lv-off")) {
      state.on = false;
    } else {
      state.on = true;
      state[target.getAttribute("data-lv-set")] = target.getAttribute("data-lv-value");
    }
    save(state);
    apply(state);
    if (state.on && target.hasAttribute("data-lv-switch")) {
      unfold(true);  // just switched on: the settings are what the reader looks for next
      var panel = document.getElementById("lowvision-panel");
      if (panel) { panel.focus(); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () { apply(state); });
})();
