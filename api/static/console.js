// The agent console's progressive enhancement: copy buttons, and buttons that fill the label form.
// Without JavaScript the buttons stay hidden and everything they copy is on the page to select.
(function () {
  "use strict";

  function selectContents(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function tell(button, text) {
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    button.textContent = text;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function copy(button) {
    var source = document.getElementById(button.dataset.copyFrom);
    if (!source) { return; }
    var text = source.textContent.replace(/\s+/g, " ").trim();
    var fallback = function () {
      selectContents(source);
      tell(button, "Selected: press Ctrl+C");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { tell(button, "Copied"); }, fallback);
    } else {
      fallback();
    }
  }

  function fill(button) {
    var field = document.getElementById(button.dataset.fill);
    if (!field) { return; }
    field.value = button.dataset.value;
    var choice = field.form && field.form.querySelector('input[name="kind"][value="would_have_answered"]');
    if (choice) { choice.checked = true; }
    field.focus();
  }

  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
  document.querySelectorAll("[data-fill]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { fill(button); });
  });
}());
