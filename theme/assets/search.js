/* innopub search: Pagefind's index in Material's look.
 *
 * The header box (partials/search.html) shows results as you type; the search page
 * (innopub/search.html) adds facets with counts. Pagefind loads its index in small chunks,
 * only when a reader starts to search. The query is folded «ё» → «е», as the index is, and its
 * «-ый/-ий/-ой» words are rewritten (see searchTerms).
 */
(() => {
  "use strict";

  const box = document.querySelector("[data-innopub-search]");
  if (!box) return;

  const fold = (text) => text.replace(/ё/g, "е").replace(/Ё/g, "Е");
  /* Pagefind 1.5 folds «й» into «и» before its Snowball stemmer, so «новый» is indexed and
   * searched as «новы», «новой» as «ново», while every other form is «нов»; Pagefind matches a
   * query's stems as prefixes, so the «-ый/-ий/-ой» form found only itself. Such a word is
   * searched as its «-ая» form: the same adjectival ending group of the Snowball algorithm, so
   * Pagefind stems it to the stem Snowball gives the real word («нов», «обуча», «городск»), which
   * is a prefix of every form in the index, the «-ый» one included. A word needs a vowel before
   * the ending («бой», «мой» stay as they are). */
  const ENDING = /^([а-я]*[аеиоуыэюя][а-я]+)(?:ый|ий|ой)$/i;
  const searchTerms = (query) => fold(query).replace(/[а-я]+/gi, (word) => word.replace(ENDING, "$1ая"));
  window.innopubSearchTerms = searchTerms; // the query as Pagefind gets it (tests/test_search.py measures it)
  const rules = new Intl.PluralRules("ru");
  const plural = (n, one, few, many) => `${n}\u00a0${{ one, few }[rules.select(n)] || many}`;
  const pagefindUrl = new URL(box.dataset.pagefindUrl, location.href).href;
  const searchPage = new URL(box.dataset.searchPage, location.href);
  let loading = null;

  function pagefind() {
    loading ??= import(pagefindUrl).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
      return pf;
    });
    return loading;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* One result in Material's result markup; Pagefind's excerpt is escaped HTML with <mark>. */
  function resultItem(data, headerLook) {
    const item = element("li", headerLook ? "md-search-result__item" : "innopub-search-result");
    const link = element("a", headerLook ? "md-search-result__link" : "innopub-search-result__link");
    // A municipality's entry on a regional site (issue 23) links to its page on the municipal site: an address the
    // build checked (http or https on the municipality's host), checked here again.
    const outside = /^https?:\/\//i.test(data.meta.href || "");
    link.href = outside ? data.meta.href : data.url;
    const article = element("article", headerLook ? "md-search-result__article md-typeset" : "innopub-search-result__article");
    const label = [data.meta.kind, data.meta.municipality, data.meta.date].filter(Boolean).join(" · ");
    if (label) article.append(element("p", "innopub-search-result__kind", label));
    article.append(element(headerLook ? "h1" : "h3", "innopub-search-result__title", data.meta.title || data.url));
    const excerpt = element("p", "innopub-search-result__excerpt");
    // A snippet is a window of words: one cut after «18» of «18 июня» or «74» of «74 обучающихся»
    // would end in a number that means nothing; such a tail goes, and «…» says the text goes on.
    excerpt.innerHTML = data.excerpt.replace(/\s+[\d№][\d\s–\-.,:;%№]*$/, " …");
    article.append(excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  /* The header box: five results, «Показать ещё» for the next five (each result fetches its own fragment, about
   * 2 KB: ten at once were a tenth of a first query at 10,000 entries), and the link to the search page. */
  const toggle = document.getElementById("__search");
  const input = box.querySelector("[data-innopub-search-query]");
  const meta = box.querySelector("[data-innopub-search-meta]");
  const list = box.querySelector("[data-innopub-search-results]");
  const form = box.querySelector("form");
  const HEADER_RESULTS = 5;
  let headerFound = []; // every result of the query shown, in Pagefind's order
  let headerShown = 0;
  let headerGeneration = 0;
  let headerQuery = null; // the query whose results are shown, or being fetched: a key that changes nothing (End,
  // an arrow, Shift) repeats no search, which would also put the list back to its first five
  meta.textContent = "Введите запрос: слово, фамилию автора, название организации";

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    pagefind();
  }

  /* «Показать ещё»: a real button in its own item, after the results; gone once every result is shown. */
  function moreItem() {
    const item = element("li", "md-search-result__item innopub-search-more");
    const button = element("button", "innopub-search-more__button", "Показать ещё");
    button.type = "button";
    button.setAttribute("data-innopub-search-more", "");
    button.addEventListener("click", showMoreHeader);
    item.append(button);
    return item;
  }

  async function showMoreHeader() {
    const mine = headerGeneration;
    const item = list.querySelector(".innopub-search-more");
    const button = item?.querySelector("button");
    if (!button || button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true"); // not `disabled`: a disabled button would lose the keyboard's focus
    button.textContent = "Загрузка…";
    const batch = await Promise.all(headerFound.slice(headerShown, headerShown + HEADER_RESULTS).map((r) => r.data()));
    if (mine !== headerGeneration) return; // a newer query replaced the list
    const items = batch.map((data) => resultItem(data, true));
    item.before(...items);
    headerShown += batch.length;
    const focused = document.activeElement === button;
    if (headerShown < headerFound.length) {
      button.removeAttribute("aria-busy");
      button.textContent = "Показать ещё";
    } else {
      item.remove();
    }
    // The keyboard goes on where the new results begin (the button, if it stays, comes after them).
    if (focused || document.activeElement === document.body) items[0]?.querySelector("a")?.focus();
  }

  async function headerSearch() {
    const query = searchTerms(input.value.trim());
    if (query && query === headerQuery) return;
    headerQuery = query || null;
    if (!query) {
      headerGeneration++;
      list.replaceChildren();
      meta.textContent = "Введите запрос: слово, фамилию автора, название организации";
      return;
    }
    const pf = await pagefind();
    const search = await pf.debouncedSearch(query, {}, 150);
    if (search === null) {
      if (headerQuery === query) headerQuery = null; // superseded by a newer call of the same text: let it run
      return; // a newer query replaced this one
    }
    const shown = await Promise.all(search.results.slice(0, HEADER_RESULTS).map((r) => r.data()));
    if (searchTerms(input.value.trim()) !== query) return;
    headerGeneration++;
    headerFound = search.results;
    headerShown = shown.length;
    const total = search.results.length;
    meta.textContent = total ? `Найдено: ${plural(total, "запись", "записи", "записей")}` : "Ничего не найдено";
    list.replaceChildren(...shown.map((data) => resultItem(data, true)));
    if (headerShown < total) list.append(moreItem());
    const all = element("li", "md-search-result__item innopub-search-all");
    const link = element("a", "md-search-result__link", total > HEADER_RESULTS ? "Все результаты и фильтры →" : "Уточнить фильтрами →");
    link.href = `${searchPage.href}?${new URLSearchParams({ q: input.value.trim() })}`;
    all.append(link);
    list.append(all);
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", headerSearch);
  input.addEventListener("keyup", headerSearch);
  form.addEventListener("reset", () => setTimeout(headerSearch));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      const first = list.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a, button")];
    const index = links.indexOf(document.activeElement);
    if (index < 0) return;
    if (event.key === "ArrowDown" && index < links.length - 1) links[index + 1].focus();
    else if (event.key === "ArrowUp") (index ? links[index - 1] : input).focus();
    else return;
    event.preventDefault();
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) setTimeout(() => input.focus(), 50);
    });
  }

  /* Material's shortcuts: «/», «s», «f» (and the same keys in the Russian layout) open the search. */
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["/", "s", "f", "ы", "а"].includes(event.key)) {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });

  /* The search page: a query, facets with counts, results in pages of 20. */
  const page = document.querySelector("[data-innopub-search-page]");
  if (!page) return;
  const facets = JSON.parse(page.dataset.facets);
  const pageInput = page.querySelector("[data-innopub-search-page-query]");
  const pageForm = page.querySelector("[data-innopub-search-page-form]");
  const status = page.querySelector("[data-innopub-search-page-status]");
  const facetBox = page.querySelector("[data-innopub-search-page-facets]");
  const results = page.querySelector("[data-innopub-search-page-results]");
  const more = page.querySelector("[data-innopub-search-page-more]");
  const filtersButton = page.querySelector("[data-innopub-search-page-filters]");
  filtersButton.hidden = false; // shown on a phone only (search.css); the facets fold behind it
  filtersButton.addEventListener("click", () => {
    filtersButton.setAttribute("aria-expanded", String(filtersButton.getAttribute("aria-expanded") !== "true"));
  });
  const PAGE_SIZE = 20;
  const params = new URLSearchParams(location.search);
  const chosen = Object.fromEntries(facets.map((name) => [name, new Set(params.getAll(name))]));
  let current = [];
  let generation = 0;
  pageInput.value = params.get("q") || "";
  status.textContent = "Загрузка поискового индекса…";

  function activeFilters() {
    const filters = {};
    for (const name of facets) if (chosen[name].size) filters[name] = { any: [...chosen[name]] };
    return filters;
  }

  function remember() {
    const next = new URLSearchParams();
    if (pageInput.value.trim()) next.set("q", pageInput.value.trim());
    for (const name of facets) for (const value of chosen[name]) next.append(name, value);
    const query = next.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  /* One count: the number beside a value is how many results the page shows with that value ticked and every
   * other facet's choice kept. Values of one facet combine with «or», facets with «and». Pagefind's `filters` of
   * a search counts each value under every filter of that search, so a facet without a choice takes the counts
   * of the page's own search, and a facet with a choice those of a search without its own choice (the other
   * facets' choices and the query kept). A ticked value that is its facet's only choice so reads what «Найдено»
   * says. (`totalFilters`, the counts without any filter, made «Площадка 7» and «Современная школа 8» stand
   * beside «Найдено: 4 записи».) */
  async function facetCounts(pf, query, filters, search, totals) {
    const counts = {};
    await Promise.all(
      facets.map(async (name) => {
        if (!chosen[name].size) {
          counts[name] = search.filters[name] || {};
          return;
        }
        const others = Object.fromEntries(Object.entries(filters).filter(([other]) => other !== name));
        if (!query && !Object.keys(others).length) {
          counts[name] = totals[name] || {};
          return;
        }
        const without = await pf.search(query || null, { filters: others });
        counts[name] = without.filters[name] || {};
      }),
    );
    return counts;
  }

  function drawFacets(counts, totals) {
    const groups = [];
    for (const name of facets) {
      const values = Object.keys(totals[name] || {});
      if (!values.length) continue;
      values.sort((a, b) => (name === "Год" ? b.localeCompare(a) : a.localeCompare(b, "ru")));
      const group = element("fieldset", "innopub-facet");
      group.dataset.facet = name;
      group.append(element("legend", "innopub-facet__title", name));
      const own = counts[name] || {};
      for (const value of values) {
        const count = own[value] ?? 0;
        if (!count && !chosen[name].has(value)) continue;
        const label = element("label", "innopub-facet__value");
        const box = element("input");
        box.type = "checkbox";
        box.value = value;
        box.checked = chosen[name].has(value);
        box.addEventListener("change", () => {
          if (box.checked) chosen[name].add(value);
          else chosen[name].delete(value);
          run();
        });
        label.append(box, element("span", "innopub-facet__name", value), element("span", "innopub-count", String(count)));
        group.append(label);
      }
      if (group.querySelector("label")) groups.push(group);
    }
    facetBox.replaceChildren(...groups);
    const picked = facets.reduce((n, name) => n + chosen[name].size, 0);
    filtersButton.textContent = picked ? `Фильтры (выбрано: ${picked})` : "Фильтры";
  }

  async function showMore() {
    const start = results.children.length;
    const batch = await Promise.all(current.slice(start, start + PAGE_SIZE).map((r) => r.data()));
    results.append(...batch.map((data) => resultItem(data, false)));
    more.hidden = results.children.length >= current.length;
  }

  async function run() {
    const mine = ++generation;
    remember();
    const pf = await pagefind();
    const totals = await pf.filters(); // loads the filter index: search results then carry facet counts
    const query = searchTerms(pageInput.value.trim());
    const filters = activeFilters();
    const hasFilters = Object.keys(filters).length > 0;
    if (!query && !hasFilters) {
      if (mine !== generation) return;
      current = [];
      results.replaceChildren();
      more.hidden = true;
      status.textContent = "Введите запрос или выберите фильтр.";
      drawFacets(totals, totals);
      return;
    }
    const search = await pf.search(query || null, { filters });
    const counts = await facetCounts(pf, query, filters, search, totals);
    if (mine !== generation) return;
    current = search.results;
    results.replaceChildren();
    status.textContent = current.length ? `Найдено: ${plural(current.length, "запись", "записи", "записей")}` : "Ничего не найдено: измените запрос или снимите фильтры.";
    drawFacets(counts, totals);
    await showMore();
  }

  pageForm.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  let timer = 0;
  pageInput.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  more.addEventListener("click", showMore);
  run().catch(() => {
    status.textContent = "Поисковый индекс не загрузился. Откройте сайт через веб-сервер (не как файл) или воспользуйтесь реестрами.";
  });
})();
