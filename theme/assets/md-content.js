/* Material's inline script of partials/javascripts/content.html as a file (CSP without
   'unsafe-inline'): opens the content tab that the address's #fragment names. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) { target.checked = target.name.startsWith("__tabbed_"); }
})();
