/*! askdesk help widget — https://help.example.com/widget.js
 *
 * One tag on any site adds a launcher button and a chat panel:
 *   <script src="https://help.example.com/widget.js" data-locale="en" defer></script>
 * Optional attributes: data-locale (en|ru; default: <html lang> if supported, else en),
 * data-email (prefills the contact field), data-open="true" (opens at load),
 * data-position (right|left).
 *
 * This file only loads the widget: its ES modules (static/widget/*.js, no build step) come from
 * the same server, under a folder named for their version (the server writes it in below), so they
 * can be cached for good and never mix with those of another release. A page whose Content Security
 * Policy lets this script run lets them run too: they come from the same origin.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.src || document.querySelector("askdesk-widget")) return;   // one widget per page
  const entry = new URL("static/widget/__VERSION__/main.js", script.src);
  import(entry.href).then(
    (widget) => widget.start(script),
    (err) => console.error("askdesk widget: could not load", entry.href, err));
})();
