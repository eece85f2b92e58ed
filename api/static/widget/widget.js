/* The widget: opening and closing, the conversation's session, and what the customer does in it. */
import { contactGivesWay, placeContactForm, placeTicket } from "./contact.js";
import { h } from "./dom.js";
import { LengthGuard } from "./length.js";
import { Limits } from "./limits.js";
import { ConversationLog } from "./log.js";
import { buildPanel } from "./panel.js";
import { renderReply } from "./render.js";
import { renderTranscript } from "./restore.js";
import { keepRoom } from "./room.js";
import { Suggest } from "./suggest.js";

export class Widget {
  /** ``ctx``: ``{locale, T, data, api, saved}`` (see main.js). */
  constructor({ locale, T, data, api, saved }) {
    Object.assign(this, { locale, T, data, api, saved });
    this.session = null;          // {id, locale}, kept in sessionStorage (with its limits) to restore after a reload
    this.starting = null;         // the promise of the session being started or restored
    this.busy = false;
    this.sendWhenIdle = false;
    this.contactForm = null;
    this.limits = new Limits();
    const position = (data.position || "").toLowerCase() === "left" ? "left" : "right";
    Object.assign(this, buildPanel({ T, locale, position, on: {
      toggle: () => (this.isOpen() ? this.close() : this.open()),
      close: () => this.close(),
      submit: () => this.submitQuestion(),
      human: () => this.talkToPerson(),
    } }));
    this.view = new ConversationLog({ log: this.log, notice: this.notice, T });
    this.guard = new LengthGuard({ input: this.input, counter: this.counter, limits: this.limits, T, locale });
    keepRoom(this);
    this.suggest = new Suggest({ input: this.input, listbox: this.listbox, api, locale, limits: this.limits,
      onPick: (title) => this.submitQuestion(title) });
    this.root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.isOpen() && !e.defaultPrevented) {
        e.preventDefault();
        this.close();
      }
    });
  }

  // -- opening and closing ------------------------------------------------------------------------
  isOpen() { return !this.panel.hidden; }

  open(focus = true) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.saved.savePanelOpen(true);       // a reload opens it again (main.js)
    if (focus) this.input.focus({ preventScroll: true });
    this.ensureSession().catch(() => {});
  }

  close() {
    this.suggest.hide();
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.saved.savePanelOpen(false);
    this.launcher.focus({ preventScroll: true });
  }

  // -- the session --------------------------------------------------------------------------------
  ensureSession() {
    if (this.session) return Promise.resolve(this.session);
    if (!this.starting) {
      this.starting = this.startOrRestore().then(
        (session) => { this.starting = null; return session; },
        (err) => {
          this.starting = null;
          this.view.showError(err, () => this.ensureSession().catch(() => {}));
          throw err;
        });
    }
    return this.starting;
  }

  async startOrRestore() {
    const saved = this.saved.session();
    if (saved && saved.locale === this.locale) {
      this.view.showTyping();
      try {
        const found = await this.api.call("GET", `api/v1/sessions/${encodeURIComponent(saved.id)}`);
        this.session = { id: saved.id, locale: found.locale || this.locale };
        this.takeLimits(saved);   // the limits its start came with
        this.takeLimits(found);
        this.view.hideTyping();
        this.view.clearError();
        renderTranscript(this, found);
        return this.session;
      } catch (err) {
        this.view.hideTyping();
        if (err.status !== 404) throw err;
        this.saved.forgetSession();
      }
    }
    return this.startSession(true);
  }

  async startSession(showGreeting) {
    this.view.showTyping();
    try {
      const reply = await this.api.call("POST", "api/v1/sessions", { locale: this.locale, page_url: location.href });
      this.session = { id: reply.session_id, locale: reply.locale || this.locale };
      this.saved.saveSession({ ...this.session, limits: reply.limits });
      this.takeLimits(reply);
      this.view.clearError();
      if (showGreeting) this.render(reply);
      return this.session;
    } finally {
      this.view.hideTyping();
    }
  }

  /** The server's limits on the fields it checks, from a session start (or one saved with it). */
  takeLimits(payload) {
    if (this.limits.update(payload)) this.guard.update();   // no maxlength on the question: a paste stays whole
  }

  /** Runs a call on the session; a session the server no longer knows is replaced once. */
  async withSession(work) {
    const session = await this.ensureSession();
    try {
      return await work(session.id);
    } catch (err) {
      if (err.status !== 404) throw err;
      this.saved.forgetSession();
      this.session = null;
      const fresh = await this.startSession(false);
      return work(fresh.id);
    }
  }

  /** One customer action: shows progress, renders the reply, reports errors; returns the reply or null. */
  async act(path, body, onError) {
    if (this.busy) return null;
    this.busy = true;
    this.view.clearError();
    this.view.showTyping();
    try {
      const reply = await this.withSession((id) => this.api.call("POST", `api/v1/sessions/${id}/${path}`, body));
      this.view.hideTyping();
      this.render(reply);
      return reply;
    } catch (err) {
      this.view.hideTyping();
      if (!onError || !onError(err)) this.view.showError(err);
      return null;
    } finally {
      this.busy = false;
      if (this.sendWhenIdle) {
        this.sendWhenIdle = false;
        setTimeout(() => this.submitQuestion(), 0);
      }
    }
  }

  // -- customer actions -----------------------------------------------------------------------------
  async submitQuestion(textOverride) {
    const fromInput = textOverride === undefined;
    const text = (fromInput ? this.input.value : textOverride).trim();
    this.suggest.hide();
    if (!text) return;
    if (fromInput && !this.guard.allows(text)) return;   // too long: the counter says so; nothing is sent or cut
    if (this.busy) {            // Enter while the bot is still answering: send it right after
      if (fromInput) this.sendWhenIdle = true;
      return;
    }
    const form = this.giveWay();
    const bubble = this.view.add(h("div", { class: "msg me", text }));
    if (fromInput) this.setInput("");
    const reply = await this.act("messages", { text }, () => {
      bubble.remove();
      if (form && this.contactForm === form && !form.isConnected) this.log.append(form);
      // never lose the question: put it back in the input unless something new has been typed there
      if (!this.input.value.trim()) this.setInput(text);
      return false;
    });
    if (reply) this.keepOwn({ text, contact: reply.action === "ticket" ? text : "" });
    if (!reply && fromInput && this.isOpen()) this.input.focus({ preventScroll: true });
  }

  async talkToPerson() {
    if (this.busy) return null;
    const bubble = this.view.add(h("div", { class: "msg me", text: this.T.human }));
    const reply = await this.act("handoff", undefined);
    if (!reply) bubble.remove();
    return reply;
  }

  async vote(articleId, helpful, buttons, chosen) {
    buttons.forEach((b) => { b.disabled = true; });
    chosen.setAttribute("aria-pressed", "true");
    const reply = await this.act("feedback", { article_id: articleId, helpful });
    if (!reply) {
      buttons.forEach((b) => { b.disabled = false; });
      chosen.setAttribute("aria-pressed", "false");
    }
    this.refocus();
  }

  async choose(articleId, buttons, chosen) {
    buttons.forEach((b) => { b.disabled = true; });
    chosen.setAttribute("aria-pressed", "true");
    const reply = await this.act("choose", { article_id: articleId });
    if (!reply) {
      buttons.forEach((b) => { b.disabled = false; });
      chosen.removeAttribute("aria-pressed");
    }
    this.refocus();
  }

  reportClick(articleId) {
    if (this.session) this.api.beacon(`api/v1/sessions/${this.session.id}/clicks`, { article_id: articleId });
  }

  /** After a button that did its job is disabled, keep keyboard focus in the conversation. */
  refocus() {
    const active = this.shadow.activeElement;
    if (active && !active.disabled) return;
    if (this.contactForm && this.contactForm.isConnected && !this.contactForm.hidden) return;
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) this.log.focus({ preventScroll: true });
    else this.input.focus({ preventScroll: true });
  }

  setInput(value) {
    this.input.value = value;
    this.guard.update();
  }

  /** What the customer typed, kept in this tab to show them again as they typed it (own.js). */
  keepOwn(words) { this.saved.keepOwn(this.session && this.session.id, words); }

  // -- the conversation log -------------------------------------------------------------------------
  render(reply) { renderReply(this, reply); }

  showTicket(ticket, text) { placeTicket(this, ticket, text); }

  showContactForm() { placeContactForm(this); }

  /** The customer carries on chatting: the contact form gives way; returns the form it took away. */
  giveWay() { return contactGivesWay(this); }
}
