/*
 * Search as you paste. Material's search box reacts to keyup, so text that arrives
 * without a key (pasted, dropped, picked from a phone's suggestions, or confirmed
 * by an input method) searched only after the next key. Every `input` event that
 * is not part of an unfinished IME composition now counts as a keyup.
 *
 * When nothing matched the query as typed, the search worker answers with the closest
 * pages and marks the first (a hidden `.cb-search-near` with the message): the line
 * above the results then says so, instead of Material's count.
 */
(function () {
  "use strict";
  function poke(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("md-search__input") && !event.isComposing) poke(input);
  });
  document.addEventListener("compositionend", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.classList.contains("md-search__input")) poke(input);
  });
  function sayNear(list) {
    var near = list.querySelector(".cb-search-near");
    var meta = document.querySelector(".md-search-result__meta");
    if (near && meta && meta.textContent !== near.getAttribute("data-message")) meta.textContent = near.getAttribute("data-message");
  }
  // Instant navigation may replace the search element: watch the whole page for results being listed.
  if (typeof MutationObserver !== "undefined") {
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        if (mutation.target instanceof Element && mutation.target.classList.contains("md-search-result__list")) sayNear(mutation.target);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
})();
