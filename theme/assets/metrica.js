/* Yandex Metrica, only when the site's settings name a counter (yandex_metrica). */
(function (w, d, id) {
  w.ym = w.ym || function () { (w.ym.a = w.ym.a || []).push(arguments); };
  w.ym.l = Date.now();
  var s = d.createElement("script");
  s.async = true;
  s.src = "https://mc.yandex.ru/metrika/tag.js";
  d.head.appendChild(s);
  w.ym(Number(id), "init", { clickmap: true, trackLinks: true, accurateTrackBounce: true });
})(window, document, document.currentScript.getAttribute("data-counter"));
