/*! askdesk help widget — https://help.example.com/widget.js
 *
 * One tag on any site adds a launcher button and a chat panel:
 *   <script src="https://help.example.com/widget.js" data-locale="en" defer></script>
 * Optional attributes: data-locale (en|ru; default: <html lang> if supported, else en),
 * data-email (prefills the contact field), data-open="true" (opens at load),
 * data-position (right|left).
 *
 * Plain ES2020, no dependencies. Everything lives in an open Shadow DOM with its own styles, so the
 * host page's CSS does not reach in and ours does not leak out. The API is the origin (and folder)
 * this script was loaded from. No server or customer text is ever parsed as HTML: the DOM is built
 * with createElement/textContent only (snippets' <mark> tags are turned into elements by hand).
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || !script.src || document.querySelector("askdesk-widget")) return;   // one widget per page

  // -- UI strings (the bot's own replies come from the API, in the session's locale) --------------
  const STRINGS = {
    en: {
      help: "Help", title: "Help", conversation: "Conversation", subtitle: "Instant answers, or a real person",
      ask: "Ask a question…", send: "Send", human: "Talk to a person", close: "Close",
      helpful: "Was this helpful?", yes: "Yes", no: "No", open: "Open article", openNamed: "Open article: {title}",
      thanks: "Thanks for telling us!", contact: "Your e-mail or phone", name: "Your name (optional)",
      note: "Anything to add? (optional)", sendTicket: "Send to support", contactRequired: "Please enter your e-mail or phone number.",
      ticket: "Your ticket number", error: "Something went wrong — try again",
      tooMany: "Too many requests — wait a moment", network: "Can't reach support right now — check your connection and try again",
      retry: "Try again", didYouMean: "Showing results for “{q}”", suggestions: "Suggested articles",
      popular: "Popular topics", options: "Articles that may answer your question", typing: "Looking for an answer…",
      youSaid: "You", bot: "Support", voted: { true: "You found this helpful", false: "You said this didn't help" },
      lang: { en: "(in English)", ru: "(in Russian)" },
    },
    ru: {
      help: "Помощь", title: "Помощь", conversation: "Переписка", subtitle: "Быстрые ответы — или живой сотрудник",
      ask: "Задайте вопрос…", send: "Отправить", human: "Связаться с сотрудником", close: "Закрыть",
      helpful: "Это помогло?", yes: "Да", no: "Нет", open: "Открыть статью", openNamed: "Открыть статью: {title}",
      thanks: "Спасибо за отзыв!", contact: "Ваш e-mail или телефон", name: "Ваше имя (необязательно)",
      note: "Хотите что-то добавить? (необязательно)", sendTicket: "Отправить в поддержку",
      contactRequired: "Укажите e-mail или номер телефона.",
      ticket: "Номер вашего обращения", error: "Что-то пошло не так — попробуйте ещё раз",
      tooMany: "Слишком много запросов — подождите немного", network: "Не удаётся связаться с поддержкой — проверьте подключение и попробуйте ещё раз",
      retry: "Попробовать ещё раз", didYouMean: "Показаны результаты для «{q}»", suggestions: "Подходящие статьи",
      popular: "Частые вопросы", options: "Статьи, которые могут ответить на ваш вопрос", typing: "Ищу ответ…",
      youSaid: "Вы", bot: "Поддержка", voted: { true: "Вы отметили, что это помогло", false: "Вы отметили, что это не помогло" },
      lang: { en: "(на английском)", ru: "(на русском)" },
    },
  };

  const supported = (value) => {
    const code = String(value || "").trim().toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(STRINGS, code) ? code : null;
  };
  const data = script.dataset;
  const locale = supported(data.locale) || supported(document.documentElement.lang) || "en";
  const T = STRINGS[locale];
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ""));

  // -- where the API is: the folder widget.js was served from ----------------------------------
  const scriptUrl = new URL(script.src, location.href);
  const base = new URL(".", scriptUrl);
  const apiUrl = (path) => new URL(path, base).href;
  const safeLink = (url) => {
    try {
      const u = new URL(String(url), base);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (_) {
      return null;
    }
  };
  const SESSION_KEY = `askdesk:session:${base.href}`;
  const CONTACT_KEY = `askdesk:contact:${base.origin}`;
  const store = {
    get(area, key) {
      try { return JSON.parse(window[area].getItem(key) || "null"); } catch (_) { return null; }
    },
    set(area, key, value) {
      try { window[area].setItem(key, JSON.stringify(value)); } catch (_) { /* storage may be blocked */ }
    },
    remove(area, key) {
      try { window[area].removeItem(key); } catch (_) { /* ignore */ }
    },
  };

  // -- the API ----------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, message) {
      super(message || `HTTP ${status}`);
      this.status = status;
      this.serverMessage = message || "";
    }
  }

  async function call(method, path, body) {
    const init = { method, mode: "cors", credentials: "omit", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (typeof AbortSignal !== "undefined" && AbortSignal.timeout) init.signal = AbortSignal.timeout(30000);
    let response;
    try {
      response = await fetch(apiUrl(path), init);
    } catch (_) {
      throw new ApiError(0, "");   // offline, blocked by CORS, timed out
    }
    let payload = null;
    try { payload = await response.json(); } catch (_) { payload = null; }
    if (!response.ok || !payload || payload.ok === false) {
      const status = (payload && payload.status) || response.status || 0;
      throw new ApiError(status, payload && typeof payload.error === "string" ? payload.error : "");
    }
    return payload;
  }

  /** What the customer is told about a failed call: friendly, never a stack trace. */
  function errorText(err) {
    const status = err && err.status;
    if (status === 429) return T.tooMany;
    if (!status) return T.network;
    if (status >= 400 && status < 500 && status !== 404 && err.serverMessage) return err.serverMessage;
    return T.error;
  }

  // -- DOM helpers: createElement/textContent only -------------------------------------------------
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) el.append(child);
    }
    return el;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  const ICONS = {
    chat: "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h0A2.5 2.5 0 0 1 4 13.5z",
    close: "M6 6l12 12M18 6L6 18",
    chevron: "M6 9l6 6 6-6",
    send: "M4 12l16-8-6 16-2.5-6.5z",
    person: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
    external: "M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5",
    thumbUp: "M7 11v9H4v-9zm0 0l4-7a2 2 0 0 1 2 2v4h5a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 16.8 20H7",
    thumbDown: "M7 13V4H4v9zm0 0l4 7a2 2 0 0 0 2-2v-4h5a2 2 0 0 0 2-2.3l-1.2-6A2 2 0 0 0 16.8 4H7",
  };
  function icon(name) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `icon icon-${name}`);
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  function unescapeHtml(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
  }

  /** A server snippet (HTML-escaped text with <mark> tags) as DOM nodes: only <mark> becomes an element. */
  function snippetNodes(snippet) {
    const nodes = [];
    let inMark = false;
    for (const part of String(snippet || "").split(/(<mark>|<\/mark>)/)) {
      if (part === "<mark>") inMark = true;
      else if (part === "</mark>") inMark = false;
      else if (part) nodes.push(inMark ? h("mark", { text: unescapeHtml(part) }) : document.createTextNode(unescapeHtml(part)));
    }
    return nodes;
  }

  // -- styles -------------------------------------------------------------------------------------
  const CSS = `
:host { all: initial !important; }
.root {
  all: initial; display: block;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  font-size: 15px; line-height: 1.45; color: #1c2333; font-weight: 400; letter-spacing: normal;
  text-align: left; text-transform: none; -webkit-font-smoothing: antialiased;
  --accent: #2b59c3; --accent-dark: #1f469f; --head: #24468f; --accent-soft: #e8eefb; --ink: #1c2333; --muted: #5b6475;
  --line: #dfe3ea; --soft: #f4f6f9; --ring: 0 0 0 3px rgba(43, 89, 195, .35);
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; color: inherit; letter-spacing: inherit; text-transform: none; margin: 0; }
button { cursor: pointer; -webkit-tap-highlight-color: transparent; }
button:disabled { cursor: default; }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--accent-dark); outline-offset: 2px; box-shadow: var(--ring); }
a { color: var(--accent-dark); }
.icon { width: 20px; height: 20px; flex: none; fill: none; stroke: currentColor; stroke-width: 1.8;
  stroke-linecap: round; stroke-linejoin: round; }
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.launcher {
  position: fixed; z-index: 2147483000; bottom: 20px; right: 20px; display: inline-flex; align-items: center;
  gap: 8px; min-height: 52px; padding: 0 20px 0 16px; border: 0; border-radius: 26px; background: var(--accent);
  color: #fff; font-size: 16px; font-weight: 600; box-shadow: 0 6px 20px rgba(20, 35, 70, .25);
  transition: background-color .15s, transform .15s;
}
.launcher:hover { background: var(--accent-dark); }
.launcher:active { transform: scale(.97); }
.launcher .icon { width: 22px; height: 22px; }
.launcher .icon-chevron, .launcher[aria-expanded="true"] .icon-chat { display: none; }
.launcher[aria-expanded="true"] .icon-chevron { display: block; }
.left .launcher { right: auto; left: 20px; }

.panel {
  position: fixed; z-index: 2147483001; bottom: 84px; right: 20px; width: 384px;
  height: min(640px, calc(100vh - 108px)); display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border: 1px solid var(--line); border-radius: 16px;
  box-shadow: 0 16px 48px rgba(20, 35, 70, .22), 0 2px 6px rgba(20, 35, 70, .08);
}
.left .panel { right: auto; left: 20px; }
.head {
  display: flex; align-items: center; gap: 12px; padding: 14px 10px 14px 18px;
  background: var(--head); color: #fff; flex: none;
}
.head .titles { flex: 1; min-width: 0; }
.head h2 { margin: 0; font-size: 17px; font-weight: 650; line-height: 1.3; }
.head p { margin: 2px 0 0; font-size: 13px; opacity: .88; }
.icon-button {
  display: inline-flex; align-items: center; justify-content: center; width: 40px; height: 40px; flex: none;
  border: 0; border-radius: 10px; background: transparent; color: inherit;
}
.head .icon-button:hover { background: rgba(255, 255, 255, .16); }
.head .icon-button:focus-visible { outline-color: #fff; }

.log {
  position: relative; flex: 1; min-height: 0; overflow-y: auto; overflow-x: hidden; padding: 16px 14px 8px;
  background: var(--soft); overscroll-behavior: contain; display: flex; flex-direction: column; gap: 10px;
}
.msg { max-width: 88%; padding: 9px 13px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.bot { align-self: flex-start; background: #fff; border: 1px solid var(--line); border-bottom-left-radius: 4px; }
.msg.me { align-self: flex-end; background: var(--accent); color: #fff; border-bottom-right-radius: 4px; }
.note { align-self: center; font-size: 13px; color: var(--muted); text-align: center; padding: 0 8px; }
.note.voted { font-style: italic; }
.typing { align-self: flex-start; display: inline-flex; gap: 4px; padding: 12px 14px; background: #fff;
  border: 1px solid var(--line); border-radius: 14px; border-bottom-left-radius: 4px; }
.typing span { width: 7px; height: 7px; border-radius: 50%; background: #9aa3b2; animation: blink 1.2s infinite both; }
.typing span:nth-child(2) { animation-delay: .2s; }
.typing span:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .3; } 40% { opacity: 1; } }

.chips { display: flex; flex-wrap: wrap; gap: 8px; align-self: stretch; margin: 0; padding: 0; list-style: none; }
.chip {
  min-height: 40px; padding: 8px 14px; border: 1px solid #c9d4ef; border-radius: 20px; background: #fff;
  color: var(--accent-dark); font-size: 14px; text-align: left; line-height: 1.3;
}
.chip:hover { background: var(--accent-soft); }

.card {
  align-self: stretch; background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px 14px 12px;
  box-shadow: 0 1px 2px rgba(20, 35, 70, .05); overflow-wrap: anywhere;
}
.card h3 { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.35; color: var(--ink); }
.lang { font-size: 12px; font-weight: 500; color: var(--muted); margin-left: 6px; white-space: nowrap; }
.card .section { margin: 4px 0 0; font-size: 13px; color: var(--muted); }
.card .answer { margin: 8px 0 0; white-space: pre-wrap; }
.card .open {
  display: inline-flex; align-items: center; gap: 6px; min-height: 40px; margin-top: 6px; font-weight: 600;
  text-decoration: none; border-radius: 6px;
}
.card .open:hover { text-decoration: underline; }
.card .open .icon { width: 16px; height: 16px; }
.vote { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 8px; padding-top: 10px;
  border-top: 1px solid var(--line); }
.vote .q { flex: 1 1 auto; font-size: 14px; color: var(--muted); }
.vote button {
  display: inline-flex; align-items: center; gap: 6px; min-height: 40px; min-width: 64px; padding: 0 14px;
  border: 1px solid var(--line); border-radius: 10px; background: #fff; font-size: 14px; font-weight: 600;
}
.vote button:hover:not(:disabled) { background: var(--soft); border-color: #c4cad6; }
.vote button:disabled { color: #8b93a3; background: var(--soft); }
.vote button[aria-pressed="true"] { color: var(--accent-dark); border-color: var(--accent); background: var(--accent-soft); }
.vote .icon { width: 16px; height: 16px; }

.options { align-self: stretch; display: flex; flex-direction: column; gap: 8px; margin: 0; padding: 0; list-style: none; }
.option {
  display: block; width: 100%; min-height: 44px; padding: 11px 14px; text-align: left; background: #fff;
  border: 1px solid var(--line); border-radius: 12px; line-height: 1.4;
}
.option:hover:not(:disabled) { border-color: var(--accent); background: #fbfcff; }
.option:disabled { opacity: .6; }
.option[aria-pressed="true"] { opacity: 1; border-color: var(--accent); }
.option strong { display: block; font-weight: 650; color: var(--accent-dark); }
.option .snippet { display: block; margin-top: 3px; font-size: 13.5px; color: var(--muted); }
mark { background: #fff0a6; color: inherit; border-radius: 2px; padding: 0 1px; }

.contact { align-self: stretch; background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 14px;
  display: flex; flex-direction: column; gap: 4px; }
.contact label { font-size: 13.5px; font-weight: 600; color: var(--ink); margin-top: 6px; }
.contact label:first-child { margin-top: 0; }
.field {
  width: 100%; min-height: 44px; padding: 10px 12px; border: 1px solid #c4cad6; border-radius: 10px;
  background: #fff; font-size: 16px; line-height: 1.3;
}
textarea.field { min-height: 64px; resize: vertical; }
.field:focus-visible, .field:focus { border-color: var(--accent); box-shadow: var(--ring); outline: none; }
.field[aria-invalid="true"] { border-color: #b3261e; }
.field-error { margin: 2px 0 0; font-size: 13.5px; color: #9b1c14; }
.primary {
  min-height: 44px; padding: 0 18px; border: 0; border-radius: 10px; background: var(--accent); color: #fff;
  font-weight: 600; font-size: 15px;
}
.primary:hover:not(:disabled) { background: var(--accent-dark); }
.primary:disabled { opacity: .65; }
.contact .primary { margin-top: 10px; }

.ticket { align-self: stretch; background: #eef7f1; border: 1px solid #bfe0cb; border-radius: 12px; padding: 14px; }
.ticket .label { margin: 0; font-size: 13px; color: #2f6b45; font-weight: 600; }
.ticket .number { margin: 2px 0 6px; font-size: 28px; font-weight: 700; color: #14532d; letter-spacing: .02em;
  font-variant-numeric: tabular-nums; }
.ticket .text { margin: 0; }

.notice {
  display: flex; align-items: center; gap: 10px; margin: 0 12px 8px; padding: 8px 10px 8px 12px; flex: none;
  background: #fff7e6; border: 1px solid #f0d49b; border-radius: 10px; color: #5c4300; font-size: 14px;
}
.notice p { margin: 0; flex: 1; }
.notice button { min-height: 40px; padding: 0 12px; border: 1px solid #e2c27d; border-radius: 8px; background: #fff;
  font-size: 14px; font-weight: 600; color: #5c4300; }

.composer { flex: none; padding: 10px 12px 8px; border-top: 1px solid var(--line); background: #fff; }
.composer form { display: flex; gap: 8px; align-items: stretch; margin: 0; }
.combo { position: relative; flex: 1; min-width: 0; }
.combo .field { border-radius: 12px; }
.send { display: inline-flex; align-items: center; justify-content: center; width: 48px; min-height: 44px; padding: 0;
  border: 0; border-radius: 12px; background: var(--accent); color: #fff; flex: none; }
.send:hover { background: var(--accent-dark); }
.send .icon { width: 20px; height: 20px; }
.listbox {
  position: absolute; left: 0; right: 0; bottom: calc(100% + 6px); margin: 0; padding: 6px; list-style: none;
  background: #fff; border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 8px 24px rgba(20, 35, 70, .16);
  max-height: 240px; overflow-y: auto; z-index: 2;
}
.listbox .head-note { padding: 4px 10px 6px; font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.listbox [role="option"] { display: flex; align-items: center; min-height: 40px; padding: 8px 10px; border-radius: 8px;
  cursor: pointer; line-height: 1.3; }
.listbox [role="option"]:hover, .listbox [role="option"][aria-selected="true"] { background: var(--accent-soft);
  color: var(--accent-dark); }
.foot { display: flex; justify-content: center; padding: 2px 0 0; }
.human {
  display: inline-flex; align-items: center; gap: 8px; min-height: 40px; padding: 0 14px; border: 0; border-radius: 10px;
  background: transparent; color: var(--accent-dark); font-size: 14px; font-weight: 600;
}
.human:hover { background: var(--accent-soft); }
.human .icon { width: 18px; height: 18px; }

@media (max-width: 480px), (max-height: 480px) {
  .launcher { bottom: 16px; right: 16px; }
  .left .launcher { left: 16px; }
  .panel, .left .panel {
    inset: 0; top: 0; left: 0; right: 0; bottom: 0; width: 100%; height: 100%; max-width: 100vw;
    border: 0; border-radius: 0;
  }
  .msg { max-width: 92%; }
}
@media (prefers-reduced-motion: reduce) {
  .launcher, .typing span { transition: none; animation: none; }
}
`;

  // -- the widget ---------------------------------------------------------------------------------
  class Widget {
    constructor() {
      this.session = null;          // {id, locale}, kept in sessionStorage to restore after a reload
      this.starting = null;         // the promise of the session being started or restored
      this.busy = false;
      this.sendWhenIdle = false;
      this.contactForm = null;
      this.suggest = { timer: 0, abort: null, seq: 0, items: [], active: -1 };
      this.build();
    }

    build() {
      const host = document.createElement("askdesk-widget");
      const shadow = host.attachShadow({ mode: "open" });
      this.host = host;
      this.shadow = shadow;
      if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);   // not subject to the host page's style-src policy
        shadow.adoptedStyleSheets = [sheet];
      } else {
        shadow.append(h("style", { text: CSS }));
      }
      const position = (data.position || "").toLowerCase() === "left" ? "left" : "right";

      this.launcher = h("button", {
        type: "button", class: "launcher", "aria-label": T.help, "aria-expanded": "false", "aria-controls": "askdesk-panel",
        onclick: () => (this.isOpen() ? this.close() : this.open()),
      }, icon("chat"), icon("chevron"), h("span", { text: T.help, "aria-hidden": "true" }));

      this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": T.conversation, tabindex: "-1" });
      this.notice = h("div", { class: "notice", role: "alert", hidden: true });
      this.input = h("input", {
        class: "field", id: "askdesk-q", type: "text", role: "combobox", autocomplete: "off", enterkeyhint: "send",
        placeholder: T.ask, "aria-label": T.ask, "aria-autocomplete": "list", "aria-expanded": "false",
        "aria-controls": "askdesk-suggest", maxlength: "1000",
      });
      this.listbox = h("ul", { class: "listbox", id: "askdesk-suggest", role: "listbox", "aria-label": T.suggestions, hidden: true });
      this.form = h("form", { novalidate: true, onsubmit: (e) => { e.preventDefault(); this.submitQuestion(); } },
        h("div", { class: "combo" }, this.input, this.listbox),
        h("button", { type: "submit", class: "send", "aria-label": T.send, title: T.send }, icon("send")));
      this.humanButton = h("button", { type: "button", class: "human", onclick: () => this.talkToPerson() }, icon("person"), T.human);

      this.panel = h("section", { class: "panel", id: "askdesk-panel", role: "dialog", "aria-modal": "false", "aria-label": T.title, hidden: true },
        h("header", { class: "head" },
          h("div", { class: "titles" }, h("h2", { text: T.title }), h("p", { text: T.subtitle })),
          h("button", { type: "button", class: "icon-button", "aria-label": T.close, title: T.close, onclick: () => this.close() }, icon("close"))),
        this.log,
        this.notice,
        h("div", { class: "composer" }, this.form, h("div", { class: "foot" }, this.humanButton)));

      this.root = h("div", { class: `root ${position}`, lang: locale }, this.panel, this.launcher);
      shadow.append(this.root);

      this.input.addEventListener("input", () => this.onType());
      this.input.addEventListener("keydown", (e) => this.onInputKey(e));
      this.input.addEventListener("blur", () => setTimeout(() => {
        if (this.shadow.activeElement !== this.input) this.hideSuggestions();
      }, 150));
      this.root.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && this.isOpen() && !e.defaultPrevented) {
          e.preventDefault();
          this.close();
        }
      });
      document.body.append(host);
    }

    // -- opening and closing ------------------------------------------------------------------------
    isOpen() { return !this.panel.hidden; }

    open(focus = true) {
      this.panel.hidden = false;
      this.launcher.setAttribute("aria-expanded", "true");
      if (focus) this.input.focus({ preventScroll: true });
      this.ensureSession().catch(() => {});
    }

    close() {
      this.hideSuggestions();
      this.panel.hidden = true;
      this.launcher.setAttribute("aria-expanded", "false");
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
            this.showError(err, () => this.ensureSession().catch(() => {}));
            throw err;
          });
      }
      return this.starting;
    }

    async startOrRestore() {
      const saved = store.get("sessionStorage", SESSION_KEY);
      if (saved && typeof saved.id === "string" && saved.locale === locale) {
        this.showTyping();
        try {
          const found = await call("GET", `api/v1/sessions/${encodeURIComponent(saved.id)}`);
          this.session = { id: saved.id, locale: found.locale || locale };
          this.hideTyping();
          this.clearError();
          await this.renderTranscript(found);
          return this.session;
        } catch (err) {
          this.hideTyping();
          if (err.status !== 404) throw err;
          store.remove("sessionStorage", SESSION_KEY);
        }
      }
      return this.startSession(true);
    }

    async startSession(showGreeting) {
      this.showTyping();
      try {
        const reply = await call("POST", "api/v1/sessions", { locale, page_url: location.href });
        this.session = { id: reply.session_id, locale: reply.locale || locale };
        store.set("sessionStorage", SESSION_KEY, this.session);
        const chars = reply.limits && Number(reply.limits.text_chars);
        if (chars > 0) this.input.maxLength = chars;
        this.clearError();
        if (showGreeting) this.render(reply);
        return this.session;
      } finally {
        this.hideTyping();
      }
    }

    /** Runs a call on the session; a session the server no longer knows is replaced once. */
    async withSession(work) {
      const session = await this.ensureSession();
      try {
        return await work(session.id);
      } catch (err) {
        if (err.status !== 404) throw err;
        store.remove("sessionStorage", SESSION_KEY);
        this.session = null;
        const fresh = await this.startSession(false);
        return work(fresh.id);
      }
    }

    /** One customer action: shows progress, renders the reply, reports errors; returns the reply or null. */
    async act(path, body, onError) {
      if (this.busy) return null;
      this.busy = true;
      this.clearError();
      this.showTyping();
      try {
        const reply = await this.withSession((id) => call("POST", `api/v1/sessions/${id}/${path}`, body));
        this.hideTyping();
        this.render(reply);
        return reply;
      } catch (err) {
        this.hideTyping();
        if (!onError || !onError(err)) this.showError(err);
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
      this.hideSuggestions();
      if (!text) return;
      if (this.busy) {            // Enter while the bot is still answering: send it right after
        if (fromInput) this.sendWhenIdle = true;
        return;
      }
      const bubble = this.add(h("div", { class: "msg me", text }));
      if (fromInput) this.input.value = "";
      const reply = await this.act("messages", { text }, () => {
        bubble.remove();
        // never lose the question: put it back in the input unless something new has been typed there
        if (!this.input.value.trim()) this.input.value = text;
        return false;
      });
      if (!reply && fromInput && this.isOpen()) this.input.focus({ preventScroll: true });
    }

    async talkToPerson() {
      if (this.busy) return;
      const bubble = this.add(h("div", { class: "msg me", text: T.human }));
      const reply = await this.act("handoff", undefined);
      if (!reply) bubble.remove();
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
      if (!this.session) return;
      const url = apiUrl(`api/v1/sessions/${this.session.id}/clicks`);
      const init = { method: "POST", mode: "cors", credentials: "omit", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ article_id: articleId }) };
      fetch(url, { ...init, keepalive: true }).catch(() => fetch(url, init).catch(() => {}));
    }

    /** After a button that did its job is disabled, keep keyboard focus in the conversation. */
    refocus() {
      const active = this.shadow.activeElement;
      if (active && !active.disabled) return;
      if (this.contactForm && this.contactForm.isConnected && !this.contactForm.hidden) return;
      if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) this.log.focus({ preventScroll: true });
      else this.input.focus({ preventScroll: true });
    }

    // -- suggest-as-you-type ------------------------------------------------------------------------
    onType() {
      const s = this.suggest;
      clearTimeout(s.timer);
      if (s.active >= 0) this.moveActive(-1 - s.active);   // a new query: Enter sends what is typed
      const query = this.input.value.trim();
      if (query.length < 3) {
        this.hideSuggestions();
        return;
      }
      s.timer = setTimeout(() => this.fetchSuggestions(query), 250);
    }

    async fetchSuggestions(query) {
      const s = this.suggest;
      if (s.abort) s.abort.abort();
      const abort = new AbortController();
      s.abort = abort;
      const seq = ++s.seq;
      let items = [];
      try {
        const url = apiUrl(`api/v1/suggest?q=${encodeURIComponent(query)}&locale=${encodeURIComponent(locale)}`);
        const response = await fetch(url, { mode: "cors", credentials: "omit", signal: abort.signal });
        const payload = response.ok ? await response.json() : null;
        items = (payload && Array.isArray(payload.suggestions)) ? payload.suggestions : [];
      } catch (_) {
        items = [];   // suggestions are a nicety: never an error for the customer
      }
      if (seq !== s.seq || this.input.value.trim() !== query || this.shadow.activeElement !== this.input) return;
      this.showSuggestions(items.filter((i) => i && i.title).slice(0, 5));
    }

    showSuggestions(items) {
      const s = this.suggest;
      s.items = items;
      s.active = -1;
      this.listbox.replaceChildren(...items.map((item, index) => h("li", {
        role: "option", id: `askdesk-opt-${index}`, "aria-selected": "false",
        onmousedown: (e) => e.preventDefault(),   // keep focus in the input
        onclick: () => this.pickSuggestion(index),
      }, item.title)));
      const open = items.length > 0;
      this.listbox.hidden = !open;
      this.input.setAttribute("aria-expanded", String(open));
      this.input.removeAttribute("aria-activedescendant");
    }

    hideSuggestions() {
      const s = this.suggest;
      clearTimeout(s.timer);
      s.seq += 1;
      if (s.abort) { s.abort.abort(); s.abort = null; }
      s.items = [];
      s.active = -1;
      this.listbox.hidden = true;
      this.listbox.replaceChildren();
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
    }

    moveActive(step) {
      const s = this.suggest;
      const count = s.items.length;
      if (!count) return;
      let next = s.active + step;            // -1 is "back in the input"
      if (next >= count) next = -1;
      else if (next < -1) next = count - 1;
      s.active = next;
      [...this.listbox.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === next)));
      if (next >= 0) {
        const li = this.listbox.children[next];
        this.input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      } else {
        this.input.removeAttribute("aria-activedescendant");
      }
    }

    pickSuggestion(index) {
      const item = this.suggest.items[index];
      if (!item) return;
      this.input.value = "";
      this.hideSuggestions();
      this.input.focus({ preventScroll: true });
      this.submitQuestion(item.title);
    }

    onInputKey(e) {
      const open = !this.listbox.hidden;
      if (e.key === "ArrowDown" && open) { e.preventDefault(); this.moveActive(1); }
      else if (e.key === "ArrowUp" && open) { e.preventDefault(); this.moveActive(-1); }
      else if (e.key === "Enter" && open && this.suggest.active >= 0) { e.preventDefault(); this.pickSuggestion(this.suggest.active); }
      else if (e.key === "Escape" && open) { e.preventDefault(); this.hideSuggestions(); }
    }

    // -- rendering replies ---------------------------------------------------------------------------
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
        this.typing = h("div", { class: "typing", role: "status", "aria-label": T.typing }, h("span"), h("span"), h("span"));
      }
      this.add(this.typing);
    }

    hideTyping() {
      if (this.typing) this.typing.remove();
    }

    showError(err, retry) {
      const children = [h("p", { text: errorText(err) })];
      if (retry) children.push(h("button", { type: "button", onclick: () => { this.clearError(); retry(); } }, T.retry));
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

    render(reply) {
      if (!reply || typeof reply !== "object") return;
      const first = this.log.childElementCount;
      const action = reply.action;
      if (reply.did_you_mean) this.log.append(h("p", { class: "note", text: fmt(T.didYouMean, { q: reply.did_you_mean }) }));
      if (action === "ticket" && reply.ticket) {
        this.renderTicket(reply.ticket, reply.text);
      } else if (reply.text) {
        this.log.append(h("div", { class: "msg bot", text: reply.text }));
      }
      const articles = Array.isArray(reply.articles) ? reply.articles : [];
      if (action === "greeting" && Array.isArray(reply.suggestions) && reply.suggestions.length) {
        this.log.append(h("ul", { class: "chips", "aria-label": T.popular },
          reply.suggestions.filter((s) => s && s.title).map((s) => h("li", {},
            h("button", { type: "button", class: "chip", onclick: () => this.submitQuestion(s.title) }, s.title)))));
      }
      if (action === "clarify" && articles.length) {
        this.log.append(this.renderOptions(articles));
      } else {
        for (const article of articles) this.log.append(this.renderCard(article, Boolean(reply.feedback) && articles.length === 1));
      }
      if (reply.handoff) {
        if (reply.handoff.text && reply.handoff.text !== reply.text) this.log.append(h("div", { class: "msg bot", text: reply.handoff.text }));
        if (reply.handoff.contact_needed !== false && !reply.ticket) this.showContactForm();
      }
      const firstNew = this.log.children[first];
      if (firstNew) this.scrollTo(firstNew);
      if (reply.handoff && this.contactForm && this.contactForm.isConnected) {
        this.contactForm.querySelector("input").focus({ preventScroll: true });
      }
    }

    renderCard(article, feedback) {
      const titleRow = h("h3", {}, article.title || "");
      if (article.cross_language && T.lang[article.locale]) titleRow.append(h("span", { class: "lang", text: T.lang[article.locale] }));
      else if (article.cross_language && article.locale) titleRow.append(h("span", { class: "lang", text: `(${article.locale})` }));
      const card = h("article", { class: "card", lang: article.locale || null }, titleRow);
      if (article.heading && article.heading !== article.title) card.append(h("p", { class: "section", text: article.heading }));
      if (article.answer) card.append(h("p", { class: "answer", text: article.answer }));
      else if (article.snippet) card.append(h("p", { class: "answer" }, snippetNodes(article.snippet)));
      const href = safeLink(article.url);
      if (href) {
        card.append(h("a", {
          class: "open", href, target: "_blank", rel: "noopener", "aria-label": fmt(T.openNamed, { title: article.title || "" }),
          onclick: () => this.reportClick(article.id),
        }, T.open, icon("external")));
      }
      if (feedback && article.id) {
        const yes = h("button", { type: "button", "aria-pressed": "false" }, icon("thumbUp"), T.yes);
        const no = h("button", { type: "button", "aria-pressed": "false" }, icon("thumbDown"), T.no);
        yes.addEventListener("click", () => this.vote(article.id, true, [yes, no], yes));
        no.addEventListener("click", () => this.vote(article.id, false, [yes, no], no));
        card.append(h("div", { class: "vote", role: "group", "aria-label": T.helpful }, h("span", { class: "q", text: T.helpful }), yes, no));
      }
      return card;
    }

    renderOptions(articles) {
      const buttons = [];
      const list = h("ul", { class: "options", "aria-label": T.options });
      for (const article of articles.slice(0, 3)) {
        const title = h("strong", {}, article.title || "");
        if (article.cross_language && T.lang[article.locale]) title.append(h("span", { class: "lang", text: ` ${T.lang[article.locale]}` }));
        const button = h("button", { type: "button", class: "option", lang: article.locale || null }, title,
          article.snippet ? h("span", { class: "snippet" }, snippetNodes(article.snippet)) : null);
        button.addEventListener("click", () => this.choose(article.id, buttons, button));
        buttons.push(button);
        list.append(h("li", {}, button));
      }
      return list;
    }

    renderTicket(ticket, text) {
      if (this.contactForm) { this.contactForm.remove(); this.contactForm = null; }
      this.log.append(h("div", { class: "ticket" },
        h("p", { class: "label", text: T.ticket }),
        h("p", { class: "number", text: `#${ticket.number}` }),
        text ? h("p", { class: "text", text }) : null));
    }

    showContactForm() {
      if (this.contactForm) {   // one form; move it to the end with what was typed in it
        this.log.append(this.contactForm);
        return;
      }
      const remembered = store.get("localStorage", CONTACT_KEY);
      const prefill = data.email || (typeof remembered === "string" ? remembered : "");
      const contact = h("input", { class: "field", id: "askdesk-contact", name: "contact", type: "text", autocomplete: "email",
        required: true, "aria-describedby": "askdesk-contact-error", spellcheck: "false", maxlength: "254" });
      contact.value = prefill;
      const error = h("p", { class: "field-error", id: "askdesk-contact-error", hidden: true });
      const name = h("input", { class: "field", id: "askdesk-name", name: "name", type: "text", autocomplete: "name", maxlength: "200" });
      const note = h("textarea", { class: "field", id: "askdesk-note", name: "note", rows: "2", maxlength: "5000" });
      const submit = h("button", { type: "submit", class: "primary" }, T.sendTicket);
      const form = h("form", { class: "contact", novalidate: true },
        h("label", { for: "askdesk-contact", text: T.contact }), contact, error,
        h("label", { for: "askdesk-name", text: T.name }), name,
        h("label", { for: "askdesk-note", text: T.note }), note,
        submit);
      const fieldError = (message) => {
        error.textContent = message;
        error.hidden = !message;
        if (message) contact.setAttribute("aria-invalid", "true");
        else contact.removeAttribute("aria-invalid");
      };
      contact.addEventListener("input", () => fieldError(""));
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        const value = contact.value.trim();
        if (!value) {
          fieldError(T.contactRequired);
          contact.focus();
          return;
        }
        fieldError("");
        submit.disabled = true;
        const reply = await this.act("contact", { contact: value, name: name.value.trim(), note: note.value }, (err) => {
          if (err.status === 400) {
            fieldError(err.serverMessage || T.contactRequired);
            contact.focus();
            return true;
          }
          return false;
        });
        submit.disabled = false;
        if (reply) {
          store.set("localStorage", CONTACT_KEY, value);
          if (reply.action === "ticket") this.input.focus({ preventScroll: true });
        }
      });
      this.contactForm = form;
      this.log.append(form);
    }

    // -- a restored conversation ----------------------------------------------------------------------
    async renderTranscript(found) {
      const lines = Array.isArray(found.transcript) ? found.transcript : [];
      const ticket = found.ticket;
      for (const line of lines) {
        const text = typeof line.text === "string" ? line.text : "";
        if (line.from === "customer") {
          if (line.kind === "vote") this.log.append(h("p", { class: "note voted", text: T.voted[Boolean(line.helpful)] }));
          else if (line.kind === "human_request" && text === "[Talk to a person]") this.log.append(h("div", { class: "msg me", text: T.human }));
          else if (line.kind !== "click" && text) this.log.append(h("div", { class: "msg me", text }));
          continue;
        }
        if (line.action === "ticket" && ticket) {
          this.renderTicket(ticket, text);
          continue;
        }
        if (text) this.log.append(h("div", { class: "msg bot", text }));
        const cards = Array.isArray(line.cards) ? line.cards.filter((c) => c && c.id) : [];
        if (line.action === "greeting" && cards.length) {       // the greeting's popular topics
          this.log.append(h("ul", { class: "chips", "aria-label": T.popular }, cards.map((a) => h("li", {},
            h("button", { type: "button", class: "chip", onclick: () => this.submitQuestion(a.title) }, a.title)))));
        } else if (line.action === "clarify" && cards.length) {
          this.log.append(this.renderOptions(cards));
        } else {
          for (const card of cards) this.log.append(this.renderCard(card, false));
        }
      }
      if (found.handoff && !ticket) this.showContactForm();
      if (this.log.lastElementChild) this.log.scrollTop = this.log.scrollHeight;
    }
  }

  function start() {
    const widget = new Widget();
    if (String(data.open).toLowerCase() === "true") widget.open(false);   // never steal the page's focus at load
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start, { once: true });
})();
