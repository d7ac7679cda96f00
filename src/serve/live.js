// Added to every page by `guidebook serve`, never by `build`: reloads the page when the
// guide changes, back at the same scroll position, and shows what a failed build found
// over the page until a build succeeds again.
(() => {
  const script = document.currentScript;
  const version = script && script.dataset.version;
  const scrollKey = "guidebook-serve-scroll:" + location.pathname;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    restore();
    window.addEventListener("load", restore, { once: true });
  }

  const reload = () => {
    sessionStorage.setItem(scrollKey, `${Math.round(scrollX)},${Math.round(scrollY)}`);
    location.reload();
  };

  let overlay = null;
  const showProblems = (text) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "guidebook-serve-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;" +
        "background:#141418;color:#f5f5f5;font:14px/1.5 ui-monospace,monospace";
      const title = document.createElement("p");
      title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff8a80";
      title.textContent = "guidebook serve: the last build failed; this page is the last good one.";
      const pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap";
      overlay.append(title, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  };

  const events = new EventSource(new URL("/__guidebook/events", location.href));
  events.addEventListener("version", (event) => {
    if (version && event.data !== version) reload();
  });
  events.addEventListener("reload", reload);
  events.addEventListener("problems", (event) => showProblems(JSON.parse(event.data)));
})();
