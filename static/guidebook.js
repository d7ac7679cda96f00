// guidebook's page script. Reading never depends on it; it only enhances.

// With many parts, pages list only their own part; parts.js lists them all, and the
// sidebar gets every part back here (without JavaScript, "All parts" leads to the home
// page's map). Before the links are fixed for file://, so the new ones are too.
const allParts = document.querySelector(".nav-all-parts");
if (allParts && Array.isArray(window.guidebookParts)) {
  const list = allParts.parentElement;
  const root = list.dataset.root === "./" ? "" : list.dataset.root;
  const current = [...list.querySelectorAll(":scope > .nav-part > a")];
  const fragment = document.createDocumentFragment();
  for (const [title, path] of window.guidebookParts) {
    const href = root + path;
    const address = new URL(href || "./", document.baseURI).href;
    const own = current.find((a) => a.href === address);
    if (own) {
      fragment.append(own.parentElement);
      continue;
    }
    const item = document.createElement("li");
    item.className = "nav-part";
    const link = document.createElement("a");
    link.href = href || "./";
    link.textContent = title;
    item.append(link);
    fragment.append(item);
  }
  list.insertBefore(fragment, allParts);
  allParts.remove();
}

// Opened from disk (file://), a folder link shows a directory listing instead of the
// page: point folder links at their index.html.
if (location.protocol === "file:") {
  for (const link of document.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("#")) continue;
    const [path, fragment] = href.split("#", 2);
    if (path.endsWith("/")) {
      link.setAttribute("href", path + "index.html" + (fragment === undefined ? "" : "#" + fragment));
    }
  }
}

// `?paper=a4` or `?paper=letter` picks the paper a handout prints on (guidebook pdf asks
// for it); without it the browser's print settings decide.
const paper = new URLSearchParams(location.search).get("paper");
if (paper === "a4" || paper === "letter") {
  document.documentElement.dataset.paper = paper;
}
