/*
 * Search as you paste. Material's search box reacts to keyup, so text that arrives
 * without a key (pasted, dropped, picked from a phone's suggestions, or confirmed
 * by an input method) searched only after the next key. Every `input` event that
 * is not part of an unfinished IME composition now counts as a keyup.
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
})();
