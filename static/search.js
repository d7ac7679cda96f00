// guidebook's search. The index is script files (search/index.js leads to the rest),
// added to the page as they are needed: scripts load from file:// where fetch fails.
// Without JavaScript the search box is a form that opens the search page, which says
// search needs JavaScript; nothing else depends on this file.
(() => {
  const form = document.querySelector(".site-search");
  if (!form) return;
  const indexUrl = new URL(form.dataset.index, document.baseURI);
  const root = form.dataset.root === "./" ? "" : form.dataset.root;

  // ---- loading: each file calls back guidebookSearch.meta or .shard when it runs
  const loads = new Map();
  let meta = null;
  const settle = (key, data) => loads.get(key)?.resolve(data);
  window.guidebookSearch = {
    meta: (data) => settle("meta", data),
    shard: (kind, n, data) => settle(kind + n, data),
  };
  function load(key, url) {
    if (!loads.has(key)) {
      const entry = {};
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        const script = document.createElement("script");
        script.src = url.href;
        script.onerror = () => reject(new Error("search could not load " + url.pathname));
        document.head.append(script);
      });
      loads.set(key, entry);
    }
    return loads.get(key).promise;
  }
  async function loadMeta() {
    meta ??= await load("meta", indexUrl);
    return meta;
  }
  const file = (kind, n) => {
    const url = new URL(`${kind}/${n}.js`, indexUrl);
    url.search = "v=" + meta.v;
    return load(kind + n, url);
  };

  // ---- words: as the index cuts them (src/search/tokens.rs)
  const IDEOGRAPH = "\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\u{20000}-\\u{2FFFF}";
  const WORD = new RegExp(`[${IDEOGRAPH}]|(?:(?![${IDEOGRAPH}])[\\p{Alphabetic}\\p{N}_])+`, "gu");
  function* words(text) {
    for (const match of text.matchAll(WORD)) {
      const word = match[0].replace(/^_+|_+$/g, "");
      if (!word) continue;
      const start = match.index + match[0].indexOf(word);
      yield { start, end: start + word.length, term: word.toLowerCase() };
    }
  }

  // ---- postings: numbers in a 64-letter alphabet (src/search/encode.rs)
  const DIGIT = new Int8Array(128).fill(-1);
  [..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"].forEach((c, i) => {
    DIGIT[c.charCodeAt(0)] = i;
  });
  function postings(text) {
    const out = [];
    let n = 0, doc = 0, field = 0, half = false;
    for (let i = 0; i < text.length; i++) {
      const d = DIGIT[text.charCodeAt(i)];
      if (d >= 32) { n = n * 32 + d - 32; continue; }
      n = n * 32 + d;
      if (half) out.push([doc, field, n]);
      else { doc += Math.floor(n / 4); field = n % 4; }
      half = !half;
      n = 0;
    }
    return out;
  }

  // ---- terms: sorted files, each "term postings,term postings,..."
  const lastAtMost = (list, key) => {
    let lo = 0, hi = list.length - 1, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= key) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  const termFiles = new Map();
  async function termFile(n) {
    if (!termFiles.has(n)) {
      const terms = [], lists = new Map();
      for (const entry of (await file("t", n)).split(",")) {
        const [term, list] = entry.split(" ");
        terms.push(term);
        lists.set(term, list);
      }
      termFiles.set(n, { terms, lists });
    }
    return termFiles.get(n);
  }
  const termList = async (term) => (await termFile(lastAtMost(meta.terms, term))).lists.get(term);

  // A word's terms: itself; while it is the last word, terms it begins; with five
  // letters or more and no term of its own, terms one typo away.
  const QUALITY = { exact: 1, prefix: 0.6, typo: 0.5 };
  const PREFIXES = 30;
  async function matches(word, last) {
    const found = [];
    const exact = await termList(word);
    if (exact) found.push({ term: word, list: exact, quality: QUALITY.exact });
    if (last && word.length >= 2) {
      const first = lastAtMost(meta.terms, word);
      const end = Math.min(lastAtMost(meta.terms, word + "\uffff"), first + 2);
      for (let n = first; n <= end && found.length < PREFIXES; n++) {
        const { terms, lists } = await termFile(n);
        for (const term of terms) {
          if (term !== word && term.startsWith(word) && found.length < PREFIXES) {
            found.push({ term, list: lists.get(term), quality: QUALITY.prefix });
          }
        }
      }
    }
    if (!exact && [...word].length >= meta.typoMin) {
      for (const term of (await nearTerms(word)).slice(0, 6)) {
        const list = await termList(term);
        if (list) found.push({ term, list, quality: QUALITY.typo });
      }
    }
    return found;
  }

  // Terms one edit (a letter added, left out, changed, or two swapped) from `word`.
  async function nearTerms(word) {
    const chars = [...word];
    let candidates;
    if (meta.typos === null) {
      candidates = (await termFile(0)).terms;
    } else {
      const keys = [];
      for (let len = chars.length - 1; len <= chars.length + 1; len++) {
        const pad = String(len).padStart(2, "0");
        keys.push("f" + chars[0] + pad, "l" + chars[chars.length - 1] + pad);
      }
      candidates = [];
      for (const key of keys) {
        const entries = (await file("f", lastAtMost(meta.typos, key))).split(",");
        const [, ...terms] = entries.find((e) => e.startsWith(key + " "))?.split(" ") ?? [];
        candidates.push(...terms);
      }
    }
    return [...new Set(candidates)].filter((term) => term !== word && oneEdit(chars, [...term]));
  }
  function oneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    let j = 0;
    while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    const restA = a.length - i - j, restB = b.length - i - j;
    if (restA <= 1 && restB <= 1) return true;
    return restA === 2 && restB === 2 && a[i] === b[i + 1] && a[i + 1] === b[i];
  }

  // ---- ranking: title, heading, concept, body; every word found before some
  const WEIGHT = [1, 3, 6, 10];
  async function search(query) {
    await loadMeta();
    const stop = new Set(meta.stop);
    const typed = [...new Set([...words(query)].map((w) => w.term))].filter((t) => !stop.has(t));
    if (!typed.length) return { results: [], terms: new Set() };
    const ending = !/\s$/.test(query);
    const perWord = await Promise.all(typed.map((w, i) => matches(w, ending && i === typed.length - 1)));
    const docs = new Map();
    const terms = new Set();
    perWord.forEach((found, i) => {
      const best = new Map();
      for (const { term, list, quality } of found) {
        terms.add(term);
        for (const [doc, field, section] of postings(list)) {
          const score = WEIGHT[field] * quality;
          if (!(best.get(doc)?.score >= score)) best.set(doc, { score, section });
        }
      }
      for (const [doc, hit] of best) {
        if (!docs.has(doc)) docs.set(doc, { doc, score: 0, words: 0, hits: [] });
        const d = docs.get(doc);
        d.score += hit.score;
        d.words++;
        d.hits[i] = hit;
      }
    });
    const results = [...docs.values()];
    for (const result of results) result.section = bestSection(result.hits);
    results.sort((a, b) => b.words - a.words || b.score - a.score || a.doc - b.doc);
    return { results, terms };
  }
  function bestSection(hits) {
    const votes = new Map();
    let top = null;
    for (const hit of hits.filter(Boolean)) {
      votes.set(hit.section, (votes.get(hit.section) || 0) + 1);
      if (!top || hit.score > top.score) top = hit;
    }
    let section = top.section;
    for (const [s, v] of votes) if (v > votes.get(section)) section = s;
    return section;
  }

  // ---- documents: title, address and sections' text
  async function documentOf(doc) {
    const pageFiles = Math.ceil(meta.pages / meta.per);
    const [n, at] = doc < meta.pages
      ? [Math.floor(doc / meta.per), doc % meta.per]
      : [pageFiles + Math.floor((doc - meta.pages) / meta.per), (doc - meta.pages) % meta.per];
    const [title, url, sections] = (await file("d", n))[at];
    return { title, url, sections };
  }
  // Always relative to the root ("./" at the top), so no address in the index can be
  // read as a scheme of its own.
  function href(url, anchor) {
    let path = (root || "./") + url;
    if (location.protocol === "file:" && path.endsWith("/")) path += "index.html";
    return path + (anchor ? "#" + encodeURIComponent(anchor) : "");
  }

  // The words around the first match, matches marked, as DOM nodes (never HTML).
  const SNIPPET_WORDS = 28;
  function snippet(text, terms) {
    const spans = [...words(text)];
    const first = Math.max(0, spans.findIndex((w) => terms.has(w.term)));
    const from = Math.max(0, first - 8);
    const to = Math.min(spans.length, from + SNIPPET_WORDS);
    const out = document.createDocumentFragment();
    if (!spans.length) return out;
    let at = spans[from].start;
    if (from > 0) out.append("… ");
    for (const w of spans.slice(from, to)) {
      if (!terms.has(w.term)) continue;
      out.append(text.slice(at, w.start));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(w.start, w.end);
      out.append(mark);
      at = w.end;
    }
    const end = to < spans.length ? spans[to - 1].end : text.length;
    out.append(text.slice(at, end));
    if (to < spans.length) out.append(" …");
    return out;
  }

  async function describe(result, terms) {
    const page = await documentOf(result.doc);
    const section = page.sections[result.section] || page.sections[0] || ["", "", ""];
    const [anchor, heading] = section;
    const text = section[2] || page.sections.map((s) => s[2]).find(Boolean) || "";
    return {
      title: page.title,
      heading: heading && heading !== page.title ? heading : "",
      href: href(page.url, anchor),
      snippet: snippet(text, terms),
    };
  }

  // One result's content: title, section heading, snippet.
  function resultBody(item) {
    const body = document.createDocumentFragment();
    const title = document.createElement("span");
    title.className = "search-result-title";
    title.textContent = item.title;
    body.append(title);
    if (item.heading) {
      const heading = document.createElement("span");
      heading.className = "search-result-section";
      heading.textContent = item.heading;
      body.append(heading);
    }
    const text = document.createElement("span");
    text.className = "search-result-snippet";
    text.append(item.snippet);
    body.append(text);
    return body;
  }

  const count = (n) => (n === 1 ? "1 result" : `${n} results`);

  // ---- the header box: an ARIA combobox with a listbox of results
  const input = form.querySelector(".search-input");
  const popup = document.createElement("div");
  popup.id = "search-results";
  popup.className = "search-popup";
  popup.setAttribute("role", "listbox");
  popup.setAttribute("aria-label", "Search results");
  popup.hidden = true;
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.append(popup, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-controls", popup.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-autocomplete", "list");

  let active = -1;
  let asked = 0;
  const options = () => [...popup.querySelectorAll("[role=option]")];
  function setActive(n) {
    const all = options();
    active = all.length ? (n + all.length) % all.length : -1;
    all.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function open(show) {
    popup.hidden = !show;
    input.setAttribute("aria-expanded", String(show));
    if (!show) setActive(-1);
  }
  const SHOWN = 8;
  async function update() {
    const query = input.value;
    const ticket = ++asked;
    if (!query.trim()) { open(false); status.textContent = ""; delete popup.dataset.query; return; }
    let found;
    try {
      const { results, terms } = await search(query);
      found = { results, items: await Promise.all(results.slice(0, SHOWN).map((r) => describe(r, terms))) };
    } catch (error) {
      found = { error };
    }
    if (ticket !== asked) return;
    popup.replaceChildren();
    const option = (id, content, target) => {
      const a = document.createElement("a");
      a.id = id;
      a.href = target;
      a.className = "search-option";
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      a.append(content);
      popup.append(a);
    };
    if (found.error) {
      status.textContent = "Search could not load its index.";
      popup.append(Object.assign(document.createElement("p"), { className: "search-empty", textContent: status.textContent }));
    } else {
      found.items.forEach((item, i) => option(`search-option-${i}`, resultBody(item), item.href));
      if (!found.results.length) {
        popup.append(Object.assign(document.createElement("p"), { className: "search-empty", textContent: "No results" }));
      } else {
        const all = new URL(form.action);
        all.search = new URLSearchParams({ q: query }).toString();
        option("search-option-all", `See all ${count(found.results.length)}`, all.href);
      }
      status.textContent = found.results.length ? count(found.results.length) : "No results";
    }
    active = -1;
    input.removeAttribute("aria-activedescendant");
    // The query the list answers, for whoever waits on it (the browser tests do).
    popup.dataset.query = query;
    open(true);
  }
  let timer = 0;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 60); });
  input.addEventListener("focus", () => { if (input.value.trim() && popup.childElementCount) open(true); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (popup.hidden) { update(); return; }
      setActive(active + (event.key === "ArrowDown" ? 1 : active < 0 ? 0 : -1));
    } else if (event.key === "Enter" && active >= 0 && !popup.hidden) {
      event.preventDefault();
      location.href = options()[active].href;
    } else if (event.key === "Escape") {
      if (!popup.hidden) { event.preventDefault(); open(false); } else input.blur();
    }
  });
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) open(false);
  });
  popup.addEventListener("mousedown", (event) => event.preventDefault());
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    const slash = event.key === "/" && !typing;
    const k = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
    if (slash || k) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // ---- the search page: `?q=` read on load, every result listed, more on demand
  const list = document.getElementById("search-page-results");
  if (!list) return;
  const pageInput = document.getElementById("search-page-input");
  const pageStatus = document.getElementById("search-status");
  const more = document.getElementById("search-more");
  const PAGE = 10;
  let found = { results: [], terms: new Set() };
  async function showMore() {
    const from = list.childElementCount;
    const items = await Promise.all(found.results.slice(from, from + PAGE).map((r) => describe(r, found.terms)));
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.href;
      a.className = "search-result";
      a.append(resultBody(item));
      li.append(a);
      list.append(li);
    }
    more.hidden = list.childElementCount >= found.results.length;
  }
  let pageAsked = 0;
  async function run(query) {
    const ticket = ++pageAsked;
    try {
      const next = query.trim() ? await search(query) : { results: [], terms: new Set() };
      if (ticket !== pageAsked) return;
      found = next;
      list.replaceChildren();
      await showMore();
      pageStatus.textContent = !query.trim()
        ? "Type a word to search the guide."
        : found.results.length
          ? `${count(found.results.length)} for “${query.trim()}”`
          : `No results for “${query.trim()}”`;
    } catch {
      pageStatus.textContent = "Search could not load its index.";
    }
  }
  more.addEventListener("click", showMore);
  const query = new URLSearchParams(location.search).get("q") || "";
  pageInput.value = query;
  input.value = query;
  pageInput.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const url = new URL(location.href);
      url.searchParams.set("q", pageInput.value);
      history.replaceState(null, "", url);
      run(pageInput.value);
    }, 60);
  });
  run(query);
})();
