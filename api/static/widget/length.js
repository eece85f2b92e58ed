/* The question box against the server's limit on a message (``limits.text_chars``). The box has no
 * maxlength, so a long paste stays whole; a counter under it says how long the text is as it nears
 * the limit and, past it, by how much to shorten it. A text over the limit is never sent (nor cut). */
import { fmt } from "./i18n.js";

const NEAR = 0.9;   // the counter shows from this share of the limit

/** Characters as the server counts them (code points, of the text as it is sent: trimmed). */
export function length(text) {
  return [...String(text || "").trim()].length;
}

export class LengthGuard {
  /** ``counter``: the element under the box (aria-live); ``limits.get("text_chars")`` the limit. */
  constructor({ input, counter, limits, T, locale }) {
    Object.assign(this, { input, counter, limits, T });
    this.number = new Intl.NumberFormat(locale);
    input.addEventListener("input", () => this.update());
  }

  limit() { return this.limits.get("text_chars"); }

  /** Whether ``text`` is over the limit (false while the server has not said what it is). */
  over(text) {
    const limit = this.limit();
    return Boolean(limit) && length(text) > limit;
  }

  update(blocked = false) {
    const limit = this.limit();
    const count = length(this.input.value);
    const values = { count: this.number.format(count), limit: this.number.format(limit || 0),
      over: this.number.format(Math.max(0, count - (limit || 0))) };
    const isOver = Boolean(limit) && count > limit;
    const near = Boolean(limit) && count >= Math.floor(limit * NEAR);
    this.counter.hidden = !near;
    this.counter.classList.toggle("over", isOver);
    this.counter.classList.toggle("blocked", isOver && blocked);
    this.counter.textContent = !near ? "" : fmt(isOver ? (blocked ? this.T.notSent : this.T.tooLong) : this.T.counter, values);
    if (isOver) this.input.setAttribute("aria-invalid", "true");
    else this.input.removeAttribute("aria-invalid");
  }

  /** Before sending what is in the box: false (and the customer told why) when it is too long. */
  allows(text) {
    if (!this.over(text)) return true;
    this.update(true);
    this.input.focus({ preventScroll: true });
    return false;
  }
}
