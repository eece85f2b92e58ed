/* What the widget keeps in the browser: the open conversation (sessionStorage: this tab, until it
 * is closed) and the contact the customer left last time (localStorage), per askdesk server. */

function get(area, key) {
  try { return JSON.parse(window[area].getItem(key) || "null"); } catch (_) { return null; }
}

function set(area, key, value) {
  try { window[area].setItem(key, JSON.stringify(value)); } catch (_) { /* storage may be blocked */ }
}

function remove(area, key) {
  try { window[area].removeItem(key); } catch (_) { /* ignore */ }
}

export class Saved {
  /** ``base``: the askdesk server's URL (the folder widget.js was served from). */
  constructor(base) {
    this.sessionKey = `askdesk:session:${base.href}`;
    this.contactKey = `askdesk:contact:${base.origin}`;
  }

  /** The saved conversation ``{id, locale}`` if there is a usable one, else null. */
  session() {
    const saved = get("sessionStorage", this.sessionKey);
    return saved && typeof saved.id === "string" ? saved : null;
  }

  saveSession(session) { set("sessionStorage", this.sessionKey, session); }

  forgetSession() { remove("sessionStorage", this.sessionKey); }

  contact() {
    const remembered = get("localStorage", this.contactKey);
    return typeof remembered === "string" ? remembered : "";
  }

  saveContact(value) { set("localStorage", this.contactKey, value); }
}
