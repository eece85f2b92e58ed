// The editor dashboard's progressive enhancement: "Copy draft" buttons put a draft article on the
// clipboard exactly as shown, line breaks included. Without JavaScript or a clipboard the buttons
// stay hidden; the draft is on the page to select, and a link downloads it.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }

  function say(button, text) {
    var label = button.textContent;
    button.textContent = text;
    button.disabled = true;
    window.setTimeout(function () { button.textContent = label; button.disabled = false; }, 2000);
  }

  document.querySelectorAll("button[data-copy-exact]").forEach(function (button) {
    var draft = document.getElementById(button.dataset.copyExact);
    if (!draft) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(draft.textContent).then(function () { say(button, "Copied"); }, function () {
        draft.closest("details").open = true;               // show it, selected, to copy by hand
        window.getSelection().selectAllChildren(draft);
        say(button, "Selected: press Ctrl+C");
      });
    });
  });
}());
