// guidebook's practice features: checklists that keep their ticks, practice timers, STAR
// answers hidden until revealed, and the reader's progress. Every page reads in full
// without it; it shows the controls the templates leave hidden.
//
// What the reader did is kept in this browser (localStorage), under the site's address,
// so two guides never mix, as { v, tasks: { page: { key: ticked } }, done: { page: 1 } }.
// Stored state of another version, or that does not parse, is ignored.

(() => {
  const VERSION = 1;
  const body = document.body;
  const page = body.dataset.page ?? "";
  const storeKey = `guidebook-practice:${new URL(body.dataset.root || "./", location.href).href}`;

  const isMap = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  const fresh = () => ({ v: VERSION, tasks: {}, done: {} });

  function load() {
    try {
      const state = JSON.parse(localStorage.getItem(storeKey));
      if (isMap(state) && state.v === VERSION && isMap(state.tasks) && isMap(state.done)) {
        return state;
      }
    } catch {
      // Unreadable or refused: start afresh.
    }
    return fresh();
  }

  function change(edit) {
    const state = load();
    edit(state);
    try {
      localStorage.setItem(storeKey, JSON.stringify(state));
    } catch {
      // Storage refused (a private window): the page still works for this visit.
    }
    return state;
  }

  /** The ticks kept for `url`: `null` when the reader never ticked there. */
  const ticksOf = (state, url) => (isMap(state.tasks[url]) ? state.tasks[url] : null);

  /** How many boxes of `url` are ticked, at most `total`. */
  function ticked(state, url, total) {
    const ticks = ticksOf(state, url);
    return ticks ? Math.min(total, Object.values(ticks).filter((t) => t === true).length) : 0;
  }

  // ---- checklists ----
  const boxes = [...document.querySelectorAll("input[type=checkbox][data-task]")];
  const lists = new Map();
  for (const box of boxes) {
    const list = box.closest("ul, ol");
    if (!lists.has(list)) lists.set(list, []);
    lists.get(list).push(box);
  }
  const summary = document.querySelector("[data-checklist-progress]");

  function showChecklists(state) {
    const ticks = ticksOf(state, page);
    for (const box of boxes) {
      const kept = ticks?.[box.dataset.task];
      if (typeof kept === "boolean") box.checked = kept;
      else if (ticks) box.checked = box.defaultChecked;
    }
    for (const [list, own] of lists) {
      const done = own.filter((b) => b.checked).length;
      list.previousElementSibling.querySelector(".task-count").textContent =
        `${done} of ${own.length}`;
    }
    if (summary) {
      const done = boxes.filter((b) => b.checked).length;
      summary.textContent = `${done} of ${boxes.length} ticked on this page`;
      summary.hidden = false;
    }
  }

  function keepTicks(own, tick) {
    const state = change((s) => {
      const ticks = ticksOf(s, page) ?? {};
      for (const box of own) ticks[box.dataset.task] = tick ? tick(box) : box.checked;
      s.tasks[page] = ticks;
    });
    showChecklists(state);
    showProgress(state);
  }

  for (const [list, own] of lists) {
    const line = document.createElement("p");
    line.className = "task-progress";
    const count = document.createElement("span");
    count.className = "task-count";
    count.setAttribute("aria-live", "polite");
    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "task-reset";
    reset.textContent = "Reset";
    reset.setAttribute("aria-label", "Reset this checklist");
    reset.addEventListener("click", () => keepTicks(own, () => false));
    line.append(count, " ticked ", reset);
    list.before(line);
    for (const box of own) box.addEventListener("change", () => keepTicks([box]));
  }

  // ---- progress: the sidebar's checklists, the home page's summary ----
  const summaryBox = document.querySelector("[data-practice-progress]");

  function showProgress(state) {
    for (const link of document.querySelectorAll(".site-nav a[data-tasks]")) {
      const total = Number(link.dataset.tasks);
      const done = ticked(state, link.dataset.page, total);
      let mark = link.querySelector(".nav-progress");
      if (!mark) {
        mark = document.createElement("span");
        mark.className = "nav-progress";
        link.append(" ", mark);
      }
      mark.textContent = `${done}/${total}`;
      mark.setAttribute("aria-label", `${done} of ${total} ticked`);
      mark.setAttribute("role", "img");
      mark.dataset.complete = String(done === total);
    }
    if (!summaryBox) return;
    for (const item of summaryBox.querySelectorAll("[data-tasks]")) {
      const total = Number(item.dataset.tasks);
      item.querySelector(".progress-count").textContent = ticked(state, item.dataset.page, total);
    }
    const questions = summaryBox.querySelector("[data-progress-questions]");
    if (questions) {
      const total = Number(questions.dataset.progressQuestions);
      const done = Object.values(state.done).filter((d) => d === 1).length;
      questions.querySelector(".progress-count").textContent = Math.min(done, total);
    }
    summaryBox.hidden = false;
  }

  summaryBox?.querySelector(".practice-clear").addEventListener("click", () => {
    const state = change((s) => Object.assign(s, fresh()));
    showChecklists(state);
    showProgress(state);
    showDone(state);
  });

  // ---- questions practised ----
  const doneButton = document.querySelector(".practice-done");

  function showDone(state) {
    if (!doneButton) return;
    const done = state.done[page] === 1;
    doneButton.setAttribute("aria-pressed", String(done));
    doneButton.textContent = done ? "Practised" : "Mark as practised";
    doneButton.parentElement.hidden = false;
  }

  function markDone(done) {
    if (!doneButton) return;
    const state = change((s) => {
      if (done) s.done[page] = 1;
      else delete s.done[page];
    });
    showDone(state);
    showProgress(state);
  }

  doneButton?.addEventListener("click", () =>
    markDone(doneButton.getAttribute("aria-pressed") !== "true"),
  );

  // ---- timers ----
  const clock = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };

  /**
   * Walks through `steps` ({ name, ms }) against the clock: `show` draws it, `ended` is
   * told of each step's end (the last one's too).
   */
  class Timer {
    constructor(steps, show, ended) {
      Object.assign(this, { steps, show, ended });
      this.reset();
    }

    reset() {
      this.stop();
      this.index = 0;
      this.left = this.steps[0].ms;
      this.finished = false;
      this.show(this);
    }

    start() {
      if (this.finished) this.reset();
      this.running = true;
      this.last = Date.now();
      this.interval = setInterval(() => this.tick(), 250);
      this.show(this);
    }

    stop() {
      clearInterval(this.interval);
      this.running = false;
    }

    pause() {
      this.tick();
      this.stop();
      this.show(this);
    }

    tick() {
      if (!this.running) return;
      const now = Date.now();
      this.left -= now - this.last;
      this.last = now;
      while (this.running && this.left <= 0) this.next(-this.left);
      this.show(this);
    }

    /** The next step, `over` ms into it; the end after the last. */
    next(over = 0) {
      const from = this.index;
      if (this.index + 1 >= this.steps.length) {
        this.stop();
        this.finished = true;
        this.left = 0;
      } else {
        this.index += 1;
        this.left = Math.max(0, this.steps[this.index].ms - over);
      }
      this.ended(from, this);
      this.show(this);
    }
  }

  /** A visual cue, no sound: the panel flashes for a moment. */
  function cue(panel) {
    panel.classList.remove("timer-cue");
    void panel.offsetWidth;
    panel.classList.add("timer-cue");
    setTimeout(() => panel.classList.remove("timer-cue"), 2000);
  }

  const say = (panel, text) => {
    panel.querySelector(".timer-announce").textContent = text;
  };

  for (const panel of document.querySelectorAll("[data-timer]")) {
    const items = [...panel.querySelectorAll(".timer-step")];
    const steps = items.map((item) => ({
      name: item.querySelector(".timer-step-name").textContent,
      ms: Number(item.dataset.minutes) * 60000,
    }));
    if (!steps.length) continue;
    const controls = panel.querySelector(".timer-controls");
    const start = controls.querySelector(".timer-start");
    const skip = controls.querySelector(".timer-skip");
    const reset = controls.querySelector(".timer-reset");
    const stepText = (i) => `Step ${i + 1} of ${steps.length}: ${steps[i].name}, ${items[i].dataset.minutes} minutes`;
    const timer = new Timer(
      steps,
      (t) => {
        controls.querySelector(".timer-clock").textContent = clock(t.left);
        items.forEach((item, i) => {
          const current = i === t.index && !t.finished;
          item.toggleAttribute("aria-current", current);
          if (current) item.setAttribute("aria-current", "step");
          item.classList.toggle("timer-step-done", i < t.index || t.finished);
        });
        const started = t.running || t.index > 0 || t.left < steps[0].ms || t.finished;
        start.textContent = t.running ? "Pause" : t.finished ? "Start again" : started ? "Resume" : "Start";
        skip.disabled = !started || t.finished;
        reset.disabled = !started;
      },
      (i, t) => {
        cue(panel);
        if (t.finished) {
          say(panel, `Time is up: all ${steps.length} steps done.`);
          if (body.classList.contains("kind-question")) markDone(true);
        } else {
          say(panel, `${steps[i].name} is over. ${stepText(t.index)}.`);
        }
      },
    );
    start.addEventListener("click", () => {
      if (timer.running) {
        timer.pause();
        say(panel, "Paused.");
      } else {
        const fromStart = timer.finished || (timer.index === 0 && timer.left === steps[0].ms);
        timer.start();
        say(panel, fromStart ? `${stepText(0)}.` : "Resumed.");
      }
    });
    skip.addEventListener("click", () => timer.next());
    reset.addEventListener("click", () => {
      timer.reset();
      say(panel, "Timer reset.");
    });
    controls.hidden = false;
  }

  // ---- STAR practice ----
  for (const card of document.querySelectorAll(".star-card")) {
    const tools = card.querySelector(".star-practice");
    if (!tools) continue;
    const toggle = tools.querySelector(".star-practise");
    const drill = tools.querySelector(".star-drill");
    const start = drill.querySelector(".timer-start");
    const reveal = drill.querySelector(".star-reveal");
    const hidden = [...card.querySelectorAll(".star-action, .star-result")];
    const minutes = Number(card.dataset.minutes) || 2;
    const timer = new Timer(
      [{ name: "Answer", ms: minutes * 60000 }],
      (t) => {
        drill.querySelector(".timer-clock").textContent = clock(t.left);
        start.textContent = t.running ? "Pause" : t.finished ? "Start again" : "Start";
      },
      () => {
        cue(card);
        say(tools, `${minutes} minutes are up.`);
        if (body.classList.contains("kind-question")) markDone(true);
      },
    );
    const practise = (on) => {
      toggle.setAttribute("aria-pressed", String(on));
      drill.hidden = !on;
      for (const panel of hidden) panel.hidden = on;
      reveal.hidden = !on;
      if (!on) timer.reset();
    };
    toggle.addEventListener("click", () => practise(toggle.getAttribute("aria-pressed") !== "true"));
    start.addEventListener("click", () => (timer.running ? timer.pause() : timer.start()));
    reveal.addEventListener("click", () => {
      for (const panel of hidden) panel.hidden = false;
      reveal.hidden = true;
      hidden[0]?.querySelector(".star-body")?.setAttribute("tabindex", "-1");
      hidden[0]?.querySelector(".star-body")?.focus();
      say(tools, "Action and Result revealed.");
    });
    tools.hidden = false;
  }

  // ---- the page as kept, and kept in step with the site's other tabs ----
  function showAll() {
    const state = load();
    showChecklists(state);
    showProgress(state);
    showDone(state);
  }
  showAll();
  addEventListener("storage", (event) => {
    if (event.key === storeKey || event.key === null) showAll();
  });
})();
