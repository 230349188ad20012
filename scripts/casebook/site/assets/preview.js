// make serve only: while a source file is broken, the located errors at the top of every page.
//
// The hook writes casebook-preview.json into the served site at every build (casebook.preview):
// the errors, the pages of the cases that have them, and the words to say. A page asks for it when it
// loads (live reload reloads the page after each build), so a page that was not rebuilt shows the
// errors too. The messages quote what the contributor wrote: they are set as text, never as HTML.
(function () {
  "use strict";

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      // Not a Material page: the folder of the page is as good a guess as any.
    }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function show(status, root) {
    var old = document.querySelector(".cb-preview-errors");
    if (old) old.remove();
    if (!status || !status.errors || status.errors.length === 0) return;
    var words = status.labels[document.documentElement.lang.indexOf("zh") === 0 ? "zh" : "en"];
    var box = document.createElement("div");
    // Material's own "failure" admonition, so the banner looks like the site's other notices.
    box.className = "admonition failure cb-preview-errors";
    box.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "admonition-title cb-preview-errors__title";
    title.textContent = words.title;
    box.appendChild(title);
    var here = location.href.split("#")[0].split("?")[0].slice(root.href.length);
    if (status.pages.indexOf(here) >= 0 || status.pages.indexOf(here.replace(/index\.html$/, "")) >= 0) {
      var stale = document.createElement("p");
      stale.className = "cb-preview-errors__stale";
      stale.textContent = words.this_page;
      box.appendChild(stale);
    }
    var list = document.createElement("pre");
    list.textContent = status.errors.join("\n");
    box.appendChild(list);
    var content = document.querySelector(".md-content__inner") || document.body;
    content.insertBefore(box, content.firstChild);
  }

  function check() {
    var root = siteRoot();
    fetch(new URL("casebook-preview.json", root), { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) { show(status, root); })
      .catch(function () { /* the server is restarting: the next reload asks again */ });
  }

  // Material's instant navigation swaps the page without loading it again: ask on every page it shows.
  if (typeof window.document$ !== "undefined") window.document$.subscribe(check);
  else check();
})();
