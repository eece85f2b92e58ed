/* The widget's frame in its shadow root: the launcher button and the chat panel (header, the
 * conversation log, a notice for errors, the question box and "Talk to a person"). */
import { h, icon } from "./dom.js";
import { adoptStyles } from "./styles.js";

/** Builds the frame on ``document.body``; ``on`` has the handlers ``toggle``, ``close``, ``submit``, ``human``. */
export function buildPanel({ T, locale, position, on }) {
  const host = document.createElement("askdesk-widget");
  const shadow = host.attachShadow({ mode: "open" });
  adoptStyles(shadow);

  const launcher = h("button", {
    type: "button", class: "launcher", "aria-label": T.help, "aria-expanded": "false", "aria-controls": "askdesk-panel",
    onclick: on.toggle,
  }, icon("chat"), icon("chevron"), h("span", { class: "label", text: T.help, "aria-hidden": "true" }));

  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": T.conversation, tabindex: "-1" });
  const notice = h("div", { class: "notice", role: "alert", hidden: true });
  const input = h("input", {   // its maxlength is the server's text limit, set when the session starts
    class: "field", id: "askdesk-q", type: "text", role: "combobox", autocomplete: "off", enterkeyhint: "send",
    placeholder: T.ask, "aria-label": T.ask, "aria-autocomplete": "list", "aria-expanded": "false",
    "aria-controls": "askdesk-suggest", "aria-describedby": "askdesk-q-count",
  });
  // how long the question is, against the server's limit (length.js): shown near and past it
  const counter = h("p", { class: "count", id: "askdesk-q-count", "aria-live": "polite", hidden: true });
  const listbox = h("ul", { class: "listbox", id: "askdesk-suggest", role: "listbox", "aria-label": T.suggestions, hidden: true });
  const form = h("form", { novalidate: true, onsubmit: (e) => { e.preventDefault(); on.submit(); } },
    h("div", { class: "combo" }, input, listbox),
    h("button", { type: "submit", class: "send", "aria-label": T.send, title: T.send }, icon("send")));
  const humanButton = h("button", { type: "button", class: "human", onclick: on.human }, icon("person"), T.human);

  const panel = h("section", { class: "panel", id: "askdesk-panel", role: "dialog", "aria-modal": "false", "aria-label": T.title, hidden: true },
    h("header", { class: "head" },
      h("div", { class: "titles" }, h("h2", { text: T.title }), h("p", { text: T.subtitle })),
      h("button", { type: "button", class: "icon-button", "aria-label": T.close, title: T.close, onclick: on.close }, icon("close"))),
    log,
    notice,
    h("div", { class: "composer" }, form, counter, h("div", { class: "foot" }, humanButton)));

  const spacer = h("div", { class: "spacer", "aria-hidden": "true" });   // room for the launcher at the page's end (room.js)
  const root = h("div", { class: `root ${position}`, lang: locale }, panel, launcher, spacer);
  shadow.append(root);
  document.body.append(host);
  return { host, shadow, root, launcher, panel, log, notice, input, counter, listbox, form, humanButton, spacer };
}
