/* The widget's entry module, imported by the loader (/widget.js) with the <script> tag that embeds it:
 * reads the tag's data-* attributes, finds the API at the folder widget.js came from, starts one widget. */
import { Api } from "./api.js";
import { STRINGS, pickLocale } from "./i18n.js";
import { Saved } from "./storage.js";
import { Widget } from "./widget.js";

let started = false;

/** Starts the widget embedded by ``script`` (the loader's <script> element); one widget per page. */
export function start(script) {
  if (started || document.querySelector("askdesk-widget")) return;
  started = true;
  const data = script.dataset;
  const base = new URL(".", new URL(script.src, location.href));
  const locale = pickLocale(data.locale, document.documentElement.lang);
  const ctx = { locale, T: STRINGS[locale], data, api: new Api(base), saved: new Saved(base) };
  const run = () => {
    const widget = new Widget(ctx);
    // open as this tab left it before a reload, else as the tag says; never steal the page's focus at load
    const wasOpen = ctx.saved.panelOpen();
    if (wasOpen === null ? String(data.open).toLowerCase() === "true" : wasOpen) widget.open(false);
  };
  if (document.body) run();
  else document.addEventListener("DOMContentLoaded", run, { once: true });
}
