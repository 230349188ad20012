// Casebook's own scripts: the case explorer and learning-path progress.
// No framework and no CDN: readers are often on slow or filtered networks.
// Material's instant navigation swaps pages without reloading and announces each
// page on `document$`; opened from file:// (the offline copy) `document$` never
// emits, so `start` also runs when the document is ready, and marks what it has
// set up so that the second caller does nothing.
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    // textContent, never innerHTML: case titles and summaries are data, not markup.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The words these scripts say, in the page's language (the English edition's pages are lang="en").
  var STRINGS = {
    zh: {
      filterText: "按标题或摘要筛选",
      filters: "筛选条件",
      filtersChosen: function (n) { return "筛选条件（已选 " + n + " 项）"; },
      shown: function (n, total) { return "显示 " + n + " / " + total + " 个案例"; },
      reset: "清除筛选",
      progress: "阅读进度：",
      restart: "重新开始",
      markRead: "标记已读",
      read: " 已读",
      step: /^第\s*\d+\s*步/,
      colon: "："
    },
    en: {
      filterText: "Filter by title or summary",
      filters: "Filters",
      filtersChosen: function (n) { return "Filters (" + n + " chosen)"; },
      shown: function (n, total) { return "Showing " + n + " of " + total + " cases"; },
      reset: "Clear filters",
      progress: "Progress: ",
      restart: "Start again",
      markRead: "Mark as read",
      read: " Read",
      step: /^Step\s*\d+/,
      colon: ": "
    }
  };

  function strings() {
    return /^en\b/.test(document.documentElement.lang) ? STRINGS.en : STRINGS.zh;
  }

  // ---------------------------------------------------------------- explorer

  // The state of the filters is the URL query: ?lessons=ask-why,take-notes&text=延期
  // (not `q`: Material's search opens itself for a `q` in the URL).
  var TEXT_PARAM = "text";

  function readState(facets) {
    var params = new URLSearchParams(window.location.search);
    var state = { q: params.get(TEXT_PARAM) || "", selected: {} };
    facets.forEach(function (facet) {
      var raw = params.get(facet.key);
      state.selected[facet.key] = raw ? raw.split(",").filter(Boolean) : [];
    });
    return state;
  }

  function writeState(facets, state) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      var ids = state.selected[facet.key];
      if (ids.length) params.set(facet.key, ids.join(","));
    });
    if (state.q) params.set(TEXT_PARAM, state.q);
    var query = params.toString().replace(/%2C/g, ",");
    // The full URL, not the path: served at `//explore/`, a path alone reads as another host, and
    // replaceState throws. The state is a convenience; never let it break the filters.
    var url = new URL(window.location.href);
    url.search = query ? "?" + query : "";
    try {
      window.history.replaceState(window.history.state, "", url.href);
    } catch (error) {
      /* file:// in some browsers, or a sandboxed frame: keep filtering without the address */
    }
  }

  // AND across facets, OR within one; `skip` leaves one facet out, for its counts.
  function matches(item, facets, state, skip) {
    var text = state.q.trim().toLowerCase();
    if (text && (item.title + " " + item.summary).toLowerCase().indexOf(text) < 0) return false;
    return facets.every(function (facet) {
      var wanted = state.selected[facet.key];
      if (facet.key === skip || wanted.length === 0) return true;
      return item[facet.key].some(function (id) { return wanted.indexOf(id) >= 0; });
    });
  }

  function renderExplorer(root, data, state) {
    var facets = data.facets;
    root.textContent = "";

    var say = strings();
    var search = element("input", { type: "search", class: "cb-explorer__text", placeholder: say.filterText, "aria-label": say.filterText });
    search.value = state.q;
    search.addEventListener("input", function () {
      state.q = search.value;
      update();
    });
    root.appendChild(search);

    // The filters fold away, so the first results are on screen; a wide screen opens them.
    var filters = element("details", { class: "cb-explorer__filters" });
    var filtersLabel = element("summary", {}, say.filters);
    filters.appendChild(filtersLabel);
    filters.open = window.matchMedia("(min-width: 60em)").matches;
    var panel = element("div", { class: "cb-explorer__facets" });
    filters.appendChild(panel);
    root.appendChild(filters);
    var summary = element("p", { class: "cb-explorer__count", "aria-live": "polite" });
    root.appendChild(summary);
    var list = element("ul", { class: "cb-explorer__results" });
    root.appendChild(list);

    function update() {
      writeState(facets, state);
      panel.textContent = "";
      facets.forEach(function (facet) {
        var box = element("fieldset", { class: "cb-facet", "data-facet": facet.key });
        box.appendChild(element("legend", {}, facet.label));
        facet.values.forEach(function (value) {
          var count = data.cases.filter(function (item) {
            return item[facet.key].indexOf(value.id) >= 0 && matches(item, facets, state, facet.key);
          }).length;
          var checked = state.selected[facet.key].indexOf(value.id) >= 0;
          if (count === 0 && !checked) return;
          var label = element("label", { class: "cb-facet__value" });
          var input = element("input", { type: "checkbox", value: value.id });
          input.checked = checked;
          input.addEventListener("change", function () {
            var ids = state.selected[facet.key].filter(function (id) { return id !== value.id; });
            if (input.checked) ids.push(value.id);
            state.selected[facet.key] = ids;
            update();
          });
          label.appendChild(input);
          label.appendChild(document.createTextNode(" " + value.name + " "));
          label.appendChild(element("span", { class: "cb-facet__count" }, "(" + count + ")"));
          box.appendChild(label);
        });
        panel.appendChild(box);
      });

      var chosen = facets.reduce(function (total, facet) { return total + state.selected[facet.key].length; }, 0);
      filtersLabel.textContent = chosen ? say.filtersChosen(chosen) : say.filters;
      var shown = data.cases.filter(function (item) { return matches(item, facets, state, null); });
      summary.textContent = say.shown(shown.length, data.cases.length);
      var reset = element("a", { href: window.location.pathname, class: "cb-explorer__reset" }, say.reset);
      reset.addEventListener("click", function (event) {
        event.preventDefault();
        state.q = "";
        search.value = "";
        facets.forEach(function (facet) { state.selected[facet.key] = []; });
        update();
      });
      summary.appendChild(document.createTextNode(" · "));
      summary.appendChild(reset);

      list.textContent = "";
      shown.forEach(function (item) {
        var entry = element("li", { "data-case": item.id });
        entry.appendChild(element("a", { href: item.url }, item.title));
        if (item.mark) entry.appendChild(element("span", { class: "cb-background-mark" }, item.mark));
        if (item.summary) entry.appendChild(document.createTextNode(say.colon + item.summary));
        list.appendChild(entry);
      });
    }
    update();
  }

  // The explorer's data is the page itself: the list that readers without
  // JavaScript see carries each case's facet values as data attributes, and the
  // facet names sit on the explorer element. Nothing is fetched, so the explorer
  // works from file://, and each link is the one the build wrote for this page.
  function readCases(list, facets) {
    return Array.prototype.map.call(list.querySelectorAll("li[data-case]"), function (entry) {
      var link = entry.querySelector("a");
      var title = link ? link.textContent : "";
      // Industry background carries its mark after the title (（行业背景）).
      var mark = entry.querySelector(".cb-background-mark");
      var markText = mark ? mark.textContent : "";
      var item = {
        id: entry.getAttribute("data-case"),
        title: title,
        mark: markText,
        url: link ? link.getAttribute("href") : "",
        // The item reads "title（mark）：summary".
        summary: entry.textContent.slice(title.length + markText.length).replace(/^[：:]\s*/, "")
      };
      facets.forEach(function (facet) {
        item[facet.key] = (entry.getAttribute("data-" + facet.key) || "").split(" ").filter(Boolean);
      });
      return item;
    });
  }

  function initExplorer(root) {
    var fallback = document.querySelector(".cb-explore-static");
    var facets;
    try {
      facets = JSON.parse(root.getAttribute("data-facets") || "[]");
    } catch (error) {
      return; // the static list stays: better a plain list than a broken filter
    }
    if (!fallback || !Array.isArray(facets)) return;
    var data = { facets: facets, cases: readCases(fallback, facets) };
    renderExplorer(root, data, readState(facets));
    // The static list stays for readers without JavaScript; with it, the filtered list replaces it.
    fallback.hidden = true;
    root.setAttribute("data-ready", "");
  }

  // --------------------------------------------------- learning-path progress

  var PROGRESS_KEY = "casebook.newcomers.read";

  // Whatever another script or an old version left under the key ({}, null, 5, garbage),
  // the widget reads a list of strings or nothing.
  function loadRead() {
    try {
      var value = JSON.parse(window.localStorage.getItem(PROGRESS_KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function saveRead(read) {
    try {
      if (read === null) window.localStorage.removeItem(PROGRESS_KEY);
      else window.localStorage.setItem(PROGRESS_KEY, JSON.stringify(read));
    } catch (error) {
      /* storage full or disabled: progress is not kept, the page still works */
    }
  }

  function initProgress(box) {
    // A step is a level-2 heading "第 N 步：…" ("Step N: …"); its id is the stable key.
    var say = strings();
    var steps = Array.prototype.filter.call(document.querySelectorAll("article h2[id]"), function (heading) {
      return say.step.test(heading.textContent);
    });
    var status = element("span", { class: "cb-progress__status" });
    var reset = element("a", { href: "#", class: "cb-progress__reset" }, say.restart);
    box.textContent = "";
    box.appendChild(element("strong", {}, say.progress));
    box.appendChild(status);
    box.appendChild(document.createTextNode(" · "));
    box.appendChild(reset);

    function refresh() {
      var read = loadRead();
      var done = steps.filter(function (heading) { return read.indexOf(heading.id) >= 0; });
      status.textContent = done.length + "/" + steps.length;
      steps.forEach(function (heading) {
        var toggle = heading.nextElementSibling && heading.nextElementSibling.querySelector("input");
        if (toggle) toggle.checked = read.indexOf(heading.id) >= 0;
      });
    }

    steps.forEach(function (heading) {
      // On its own line right under the heading, whatever the heading's length.
      var label = element("label", { class: "cb-progress__toggle", "data-step": heading.id });
      var input = element("input", { type: "checkbox", "aria-label": say.markRead });
      input.addEventListener("change", function () {
        var read = loadRead().filter(function (id) { return id !== heading.id; });
        if (input.checked) read.push(heading.id);
        saveRead(read);
        refresh();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(say.read));
      heading.insertAdjacentElement("afterend", label);
    });

    reset.addEventListener("click", function (event) {
      event.preventDefault();
      saveRead(null);
      refresh();
    });
    refresh();
  }

  // ------------------------------------------------ search highlight in folds

  // A reader who searched for a word that sits in a folded outcome came for that
  // word: open the fold, or the highlight lands on something hidden.
  var highlightWatch = null;

  function revealHighlights() {
    var marks = document.querySelectorAll("article details:not([open]) mark");
    Array.prototype.forEach.call(marks, function (mark) {
      mark.closest("details").open = true;
    });
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
  }

  // Abbreviations (KA, ICT) explain themselves in a tooltip on hover, and a phone
  // has no hover: a tap (or Enter) opens the explanation right after the word,
  // and a second one closes it. The text is the abbreviation's own title, set as
  // textContent.
  function initAbbreviations(article) {
    Array.prototype.forEach.call(article.querySelectorAll("abbr[title]"), function (abbr) {
      if (abbr.closest("a")) return; // inside a link, a tap follows the link
      abbr.setAttribute("tabindex", "0");
      abbr.setAttribute("role", "button");
      abbr.setAttribute("aria-expanded", "false");
      function toggle() {
        var note = abbr.nextElementSibling;
        if (note && note.classList.contains("cb-abbr-note")) {
          note.remove();
          abbr.setAttribute("aria-expanded", "false");
          return;
        }
        abbr.insertAdjacentElement("afterend", element("span", { class: "cb-abbr-note", role: "note" }, abbr.getAttribute("title")));
        abbr.setAttribute("aria-expanded", "true");
      }
      abbr.addEventListener("click", toggle);
      abbr.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle();
        }
      });
    });
  }

  // Once per page: `document$` and the ready event may both call `start`.
  function once(node) {
    if (!node || node.hasAttribute("data-cb-started")) return false;
    node.setAttribute("data-cb-started", "");
    return true;
  }

  function start() {
    var article = document.querySelector("article");
    if (!once(article)) return;
    // Material marks search terms as it mounts the page, not at a moment we can
    // wait for; watch the article for marks instead of guessing a delay.
    if (highlightWatch) highlightWatch.disconnect();
    if (/[?&]h=/.test(window.location.search)) {
      highlightWatch = new MutationObserver(revealHighlights);
      highlightWatch.observe(article, { childList: true, subtree: true });
      revealHighlights();
    }
    initAbbreviations(article);
    var explorer = document.querySelector("[data-cb-explorer]");
    if (explorer) initExplorer(explorer);
    var progress = document.querySelector("[data-cb-progress]");
    if (progress) initProgress(progress);
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
