/* «Контроль исполнения» (/control/): filter the open points by responsible organization and decision kind.
 *
 * The page works without it: the points are listed by decision kind below the table, and each organization's page
 * lists its own. The script shows the form (hidden in the HTML), hides the rows that do not match, says how many
 * are shown in a live region and keeps the choice in the address (?responsible=…&kind=…) to share or reload.
 * A row names its organizations' ids in data-responsible, its decision kind in data-kind, its state in data-state.
 */
(() => {
  "use strict";

  const form = document.querySelector("[data-innopub-control-filter]");
  const table = document.querySelector("[data-innopub-control-table]");
  if (!form || !table) return;
  const rows = Array.from(table.tBodies[0].rows);
  const count = form.querySelector("[data-innopub-control-count]");
  const empty = document.querySelector("[data-innopub-control-empty]");
  const responsible = form.elements.namedItem("responsible");
  const kind = form.elements.namedItem("kind");
  const rules = new Intl.PluralRules("ru");
  const plural = (n, one, few, many) => `${n}\u00a0${{ one, few }[rules.select(n)] || many}`;

  function matches(row) {
    const ids = row.dataset.responsible ? row.dataset.responsible.split(" ") : [];
    const who = responsible.value;
    const byWho = !who || (who === "-" ? ids.length === 0 : ids.includes(who));
    return byWho && (!kind.value || row.dataset.kind === kind.value);
  }

  function apply(remember) {
    let shown = 0;
    let overdue = 0;
    for (const row of rows) {
      const show = matches(row);
      row.hidden = !show;
      if (show) {
        shown += 1;
        if (row.dataset.state === "overdue") overdue += 1;
      }
    }
    const filtered = responsible.value || kind.value;
    count.textContent = filtered
      ? `Показано ${plural(shown, "пункт", "пункта", "пунктов")} из ${rows.length}, просрочено: ${overdue}.`
      : `Показаны все ${plural(rows.length, "пункт", "пункта", "пунктов")}, просрочено: ${overdue}.`;
    if (empty) empty.hidden = shown > 0;
    if (remember) {
      const url = new URL(location.href);
      for (const [name, select] of [["responsible", responsible], ["kind", kind]]) {
        if (select.value) url.searchParams.set(name, select.value);
        else url.searchParams.delete(name);
      }
      history.replaceState(null, "", url);
    }
  }

  const params = new URLSearchParams(location.search);
  for (const [name, select] of [["responsible", responsible], ["kind", kind]]) {
    const wanted = params.get(name);
    if (wanted && Array.from(select.options).some((option) => option.value === wanted)) select.value = wanted;
  }
  form.hidden = false;
  form.addEventListener("change", () => apply(true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply(true);
  });
  apply(false);
})();
