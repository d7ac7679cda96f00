// guidebook's page script. Reading never depends on it; it only enhances.

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
