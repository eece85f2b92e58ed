/* Suggest-as-you-type: a combobox (the question input) with a listbox of article titles, driven by
 * the mouse or the arrow keys; Enter on a highlighted title asks it. */
import { h } from "./dom.js";

export class Suggest {
  /** ``onPick(title)`` asks the picked title; ``limits.get("suggest_min_chars")`` is when to start suggesting. */
  constructor({ input, listbox, api, locale, limits, onPick }) {
    Object.assign(this, { input, listbox, api, locale, limits, onPick });
    this.timer = 0;
    this.abort = null;
    this.seq = 0;
    this.items = [];
    this.active = -1;
    input.addEventListener("input", () => this.onType());
    input.addEventListener("keydown", (e) => this.onKey(e));
    input.addEventListener("blur", () => setTimeout(() => {
      if (!this.focused()) this.hide();
    }, 150));
  }

  focused() {
    return this.input.getRootNode().activeElement === this.input;
  }

  onType() {
    clearTimeout(this.timer);
    if (this.active >= 0) this.move(-1 - this.active);   // a new query: Enter sends what is typed
    const query = this.input.value.trim();
    if (query.length < this.limits.get("suggest_min_chars")) {
      this.hide();
      return;
    }
    this.timer = setTimeout(() => this.fetch(query), 250);
  }

  async fetch(query) {
    if (this.abort) this.abort.abort();
    const abort = new AbortController();
    this.abort = abort;
    const seq = ++this.seq;
    const items = await this.api.suggest(query, this.locale, abort.signal);
    if (seq !== this.seq || this.input.value.trim() !== query || !this.focused()) return;
    this.show(items.filter((i) => i && i.title));
  }

  show(items) {
    this.items = items;
    this.active = -1;
    this.listbox.replaceChildren(...items.map((item, index) => h("li", {
      role: "option", id: `askdesk-opt-${index}`, "aria-selected": "false",
      onmousedown: (e) => e.preventDefault(),   // keep focus in the input
      onclick: () => this.pick(index),
    }, item.title)));
    const open = items.length > 0;
    this.listbox.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    this.input.removeAttribute("aria-activedescendant");
  }

  hide() {
    clearTimeout(this.timer);
    this.seq += 1;
    if (this.abort) { this.abort.abort(); this.abort = null; }
    this.items = [];
    this.active = -1;
    this.listbox.hidden = true;
    this.listbox.replaceChildren();
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  move(step) {
    const count = this.items.length;
    if (!count) return;
    let next = this.active + step;            // -1 is "back in the input"
    if (next >= count) next = -1;
    else if (next < -1) next = count - 1;
    this.active = next;
    [...this.listbox.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === next)));
    if (next >= 0) {
      const li = this.listbox.children[next];
      this.input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  pick(index) {
    const item = this.items[index];
    if (!item) return;
    this.input.value = "";
    this.hide();
    this.input.focus({ preventScroll: true });
    this.onPick(item.title);
  }

  onKey(e) {
    const open = !this.listbox.hidden;
    if (e.key === "ArrowDown" && open) { e.preventDefault(); this.move(1); }
    else if (e.key === "ArrowUp" && open) { e.preventDefault(); this.move(-1); }
    else if (e.key === "Enter" && open && this.active >= 0) { e.preventDefault(); this.pick(this.active); }
    else if (e.key === "Escape" && open) { e.preventDefault(); this.hide(); }
  }
}
