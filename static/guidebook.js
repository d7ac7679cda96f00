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

// The header's colour theme switch: auto (the system's preference), light or dark,
// remembered across pages and visits (base.html applies it before the page is drawn) and
// followed by the site's other open tabs.
const themeSwitch = document.querySelector(".theme-switch");
if (themeSwitch) {
  const key = "guidebook-theme";
  const modes = ["auto", "light", "dark"];
  const stored = () => {
    try {
      const mode = localStorage.getItem(key);
      return modes.includes(mode) ? mode : "auto";
    } catch {
      return "auto";
    }
  };
  const apply = (mode) => {
    if (mode === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = mode;
    themeSwitch.querySelector(".theme-name").textContent = mode;
    const next = modes[(modes.indexOf(mode) + 1) % modes.length];
    themeSwitch.title = `Colour theme: ${mode}; switch to ${next}`;
    themeSwitch.dataset.mode = mode;
  };
  themeSwitch.addEventListener("click", () => {
    const mode = modes[(modes.indexOf(themeSwitch.dataset.mode) + 1) % modes.length];
    try {
      if (mode === "auto") localStorage.removeItem(key);
      else localStorage.setItem(key, mode);
    } catch {
      // Storage refused (a private window): the switch still works for this page.
    }
    apply(mode);
  });
  addEventListener("storage", (event) => {
    if (event.key === key) apply(stored());
  });
  apply(stored());
  themeSwitch.hidden = false;
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
// `?fit=0.9` prints a handout at that scale: guidebook pdf asks for it when a question
// overflows its one page by a little (never below 0.81, where body text is 8.5 pt).
const fit = Number(new URLSearchParams(location.search).get("fit"));
if (fit >= 0.81 && fit < 1) {
  document.documentElement.style.setProperty("--fit", String(fit));
}

// A diagram wider than its column scrolls inside its figure (its text never shrinks
// below 11px): say so while it does, and offer each diagram full screen, in a dialog that
// Esc or its button closes, giving focus back to the button that opened it.
{
  const figures = document.querySelectorAll(".diagram");
  const hints = new Map();
  const observer = new ResizeObserver((entries) => {
    for (const { target } of entries) {
      hints.get(target).hidden = target.scrollWidth <= target.clientWidth;
    }
  });
  let dialog = null;

  function diagramDialog() {
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.className = "diagram-dialog";
    dialog.setAttribute("aria-labelledby", "diagram-dialog-title");
    const bar = document.createElement("div");
    bar.className = "diagram-dialog-bar";
    const title = document.createElement("h2");
    title.id = "diagram-dialog-title";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "diagram-close";
    close.textContent = "Close";
    close.addEventListener("click", () => dialog.close());
    bar.append(title, close);
    dialog.append(bar);
    document.body.append(dialog);
    return dialog;
  }

  // The drawing itself moves into the dialog and back, so no id is ever on the page twice.
  function openFull(figure, button) {
    const view = diagramDialog();
    const drawing = figure.querySelector(".diagram-drawing");
    const tools = drawing.nextElementSibling;
    view.querySelector("h2").textContent = drawing.getAttribute("aria-label");
    view.append(drawing);
    view.addEventListener(
      "close",
      () => {
        figure.insertBefore(drawing, tools);
        button.focus();
      },
      { once: true },
    );
    view.showModal();
    drawing.focus();
  }

  for (const figure of figures) {
    const drawing = figure.querySelector(".diagram-drawing");
    const hint = figure.querySelector(".diagram-hint");
    const button = figure.querySelector(".diagram-open");
    if (!drawing || !hint || !button) continue;
    hints.set(drawing, hint);
    observer.observe(drawing);
    button.hidden = false;
    button.addEventListener("click", () => openFull(figure, button));
  }
}
