/* The conversation log and the notice under it: adding and scrolling to what is new, the
 * "looking for an answer" dots, and errors told in the customer's words, with "Try again". */
import { errorText } from "./api.js";
import { h } from "./dom.js";

export class ConversationLog {
  constructor({ log, notice, T }) {
    Object.assign(this, { log, notice, T });
    this.typing = null;
  }

  add(node) {
    this.log.append(node);
    this.scrollTo(node);
    return node;
  }

  scrollTo(node) {
    const log = this.log;
    const target = Math.min(node.offsetTop - 12, log.scrollHeight - log.clientHeight);
    log.scrollTop = Math.max(0, target);
  }

  showTyping() {
    if (!this.typing) {
      this.typing = h("div", { class: "typing", role: "status", "aria-label": this.T.typing }, h("span"), h("span"), h("span"));
    }
    this.add(this.typing);
  }

  hideTyping() {
    if (this.typing) this.typing.remove();
  }

  showError(err, retry) {
    const children = [h("p", { text: errorText(err, this.T) })];
    if (retry) children.push(h("button", { type: "button", onclick: () => { this.clearError(); retry(); } }, this.T.retry));
    this.notice.replaceChildren(...children);
    this.notice.hidden = false;
    if (typeof console !== "undefined" && err && err.status !== 429) {
      console.warn("askdesk widget:", err.status || "network", err.serverMessage || err.message || err);
    }
  }

  clearError() {
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }
}
