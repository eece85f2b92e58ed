/* What the widget keeps in the browser, per askdesk server: in sessionStorage (this tab, until it is
 * closed) the open conversation, whether the panel was open, and the customer's own words as they typed
 * them (the server stores them masked; only this widget shows them back, to this customer); in
 * localStorage the contact the customer left last time. */

function get(area, key) {
  try { return JSON.parse(window[area].getItem(key) || "null"); } catch (_) { return null; }
}

function set(area, key, value) {
  try { window[area].setItem(key, JSON.stringify(value)); } catch (_) { /* storage may be blocked */ }
}

function remove(area, key) {
  try { window[area].removeItem(key); } catch (_) { /* ignore */ }
}

const OWN_TEXTS = 50;   // the customer's latest messages kept as typed (only those that may hold contact data)

export class Saved {
  /** ``base``: the askdesk server's URL (the folder widget.js was served from). */
  constructor(base) {
    this.sessionKey = `askdesk:session:${base.href}`;
    this.openKey = `askdesk:open:${base.href}`;
    this.ownKey = `askdesk:own:${base.href}`;
    this.contactKey = `askdesk:contact:${base.origin}`;
  }

  /** The saved conversation ``{id, locale}`` if there is a usable one, else null. */
  session() {
    const saved = get("sessionStorage", this.sessionKey);
    return saved && typeof saved.id === "string" ? saved : null;
  }

  saveSession(session) { set("sessionStorage", this.sessionKey, session); }

  forgetSession() {
    remove("sessionStorage", this.sessionKey);
    remove("sessionStorage", this.ownKey);
  }

  /** Whether the panel was open (true/false), or null when this tab has not said. */
  panelOpen() {
    const saved = get("sessionStorage", this.openKey);
    return typeof saved === "boolean" ? saved : null;
  }

  savePanelOpen(open) { set("sessionStorage", this.openKey, Boolean(open)); }

  /** The customer's own words in conversation ``sessionId``: ``{contact, texts}`` as they typed them. */
  own(sessionId) {
    const saved = get("sessionStorage", this.ownKey);
    const mine = saved && saved.session === sessionId ? saved : {};
    return { contact: typeof mine.contact === "string" ? mine.contact : "",
      texts: Array.isArray(mine.texts) ? mine.texts.filter((t) => typeof t === "string") : [] };
  }

  /** Keeps ``text`` (a message the customer sent) and/or ``contact`` (the one they left) as typed. */
  keepOwn(sessionId, { text, contact }) {
    if (!sessionId) return;
    const mine = this.own(sessionId);
    if (text && /[@\d]/.test(text)) mine.texts = [...mine.texts, text].slice(-OWN_TEXTS);   // what masking could touch
    if (contact) mine.contact = contact;
    set("sessionStorage", this.ownKey, { session: sessionId, ...mine });
  }

  contact() {
    const remembered = get("localStorage", this.contactKey);
    return typeof remembered === "string" ? remembered : "";
  }

  saveContact(value) { set("localStorage", this.contactKey, value); }
}
