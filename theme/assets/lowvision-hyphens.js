/* Переносы длинных русских слов в версии для слабовидящих. Загружается из assets/lowvision.js, только
   когда версия включена. Браузер, у которого есть русские шаблоны переноса, переносит сам (hyphens: auto
   в lowvision.css; html[data-lv-hyphens="css"]). Там, где их нет (например, Chromium в Debian), мягкие
   переносы (U+00AD) расставляет движок Hyphenopoly с русскими шаблонами: assets/hyphenopoly/ru.wasm
   (© Mathias Nater, лицензия MIT: assets/hyphenopoly/LICENSE; `make hyphens` берёт его из npm);
   html[data-lv-hyphens="js"]. Выключение версии возвращает текст как был; копия — без мягких переносов. */
(function () {
  "use strict";
  var SHY = "\u00AD";
  var WORD = /[А-Яа-яЁё]{6,}/g;  // a Russian word of six letters or more; a hyphenated compound is two words
  var SKIP = "code, pre, kbd, samp, var, script, style, textarea, input, select, option, button, svg, math";
  var root = document.documentElement;
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  var native = null;  // does the browser hyphenate Russian itself?
  var engine = null;  // a promise of word → word with soft hyphens
  var done = [];  // [text node, its text before, its text after]

  // A long word in a box narrower than any of its syllables, which only hyphenation may break (overflow-wrap: normal),
  // takes more than one line where the browser has Russian patterns: the test Hyphenopoly's loader makes.
  function hyphenatesRussian() {
    var probe = document.createElement("div");
    probe.lang = "ru";
    probe.style.cssText = "position:absolute;visibility:hidden;width:48px;font-size:12px;line-height:12px;padding:0;border:0;" +
      "-webkit-hyphens:auto;hyphens:auto;overflow-wrap:normal;word-break:normal;white-space:normal;letter-spacing:0";
    probe.textContent = "естественнонаучной";
    document.body.appendChild(probe);
    var lines = probe.offsetHeight / 12;
    document.body.removeChild(probe);
    return lines > 1.5;
  }

  function load() {
    return fetch(base + "hyphenopoly/ru.wasm", { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("assets/hyphenopoly/ru.wasm: " + response.status); }
        return response.arrayBuffer();
      })
      .then(function (bytes) { return WebAssembly.instantiate(bytes); })
      .then(function (result) {
        var exports = result.instance.exports;
        var value = function (global) { return typeof global === "object" ? global.value : global; };
        var leftmin = value(exports.lmi);
        var rightmin = value(exports.rmi);
        // The engine reads the word from the first 64 UTF-16 units of its memory, ended by 0, and writes it back there.
        return function (word) {
          if (word.length > 61) { return word; }
          var memory = new Uint16Array(exports.mem.buffer, 0, 64);
          for (var i = 0; i < word.length; i++) { memory[i] = word.charCodeAt(i); }
          memory[word.length] = 0;
          var length = exports.hyphenate(leftmin, rightmin, SHY.charCodeAt(0));
          return length > 0 ? String.fromCharCode.apply(null, new Uint16Array(exports.mem.buffer, 0, length)) : word;
        };
      });
  }

  function textNodes() {
    var nodes = [];
    var scopes = document.querySelectorAll(".md-typeset");
    for (var i = 0; i < scopes.length; i++) {
      if (scopes[i].parentElement && scopes[i].parentElement.closest(".md-typeset")) { continue; }  // walked with its outer scope
      var walker = document.createTreeWalker(scopes[i], NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) { return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
      });
      for (var node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push(node); }
    }
    return nodes;
  }

  function insert(hyphenateWord) {
    if (!root.hasAttribute("data-lv")) { return; }  // switched off while the engine was loading
    var seen = new Set(done.map(function (entry) { return entry[0]; }));
    textNodes().forEach(function (node) {
      if (seen.has(node) || node.data.indexOf(SHY) !== -1) { return; }  // done already, or hyphenated by its author
      var before = node.data;
      var after = before.replace(WORD, hyphenateWord);
      if (after !== before) {
        node.data = after;
        done.push([node, before, after]);
      }
    });
    root.setAttribute("data-lv-hyphens", "js");
  }

  function remove() {
    done.forEach(function (entry) {
      if (entry[0].data === entry[2]) { entry[0].data = entry[1]; }  // unless the page changed that text since
    });
    done = [];
    root.removeAttribute("data-lv-hyphens");
  }

  // A copy carries the words without the soft hyphens put in here: they would stay in a search query or a document.
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!done.length || !event.clipboardData || !selection.rangeCount || selection.toString().indexOf(SHY) === -1) { return; }
    var holder = document.createElement("div");
    for (var i = 0; i < selection.rangeCount; i++) { holder.appendChild(selection.getRangeAt(i).cloneContents()); }
    event.clipboardData.setData("text/plain", selection.toString().split(SHY).join(""));
    event.clipboardData.setData("text/html", holder.innerHTML.split(SHY).join(""));
    event.preventDefault();
  });

  window.innopubHyphens = function (on) {
    if (!on) {
      remove();
      return;
    }
    if (native === null) { native = hyphenatesRussian(); }
    if (native) {
      root.setAttribute("data-lv-hyphens", "css");
      return;
    }
    engine = engine || load();
    engine.then(insert, function (error) {
      engine = null;  // overflow-wrap in lowvision.css still keeps a long word on the screen
      if (window.console) { window.console.warn("Переносы для версии для слабовидящих не загружены:", error); }
    });
  };
  window.innopubHyphens(root.hasAttribute("data-lv"));
})();
