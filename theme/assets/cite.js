// «Как цитировать»: the access date of a reference is the reader's today (builds stay deterministic).
document.querySelectorAll("[data-innopub-today]").forEach(function (element) {
  element.textContent = new Date().toLocaleDateString("ru-RU");
});
