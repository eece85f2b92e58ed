/* The widget's styles, adopted by its shadow root: the host page's CSS does not reach in, ours does not leak out. */
import { h } from "./dom.js";

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
.choices { align-self: flex-start; }
.person-choice {
  display: inline-flex; align-items: center; gap: 8px; min-height: 44px; padding: 8px 16px; border-radius: 22px;
  border: 1px solid var(--accent); background: var(--accent); color: #fff; font-size: 15px; font-weight: 600;
}
.person-choice:hover:not(:disabled) { background: var(--accent-dark); }
.person-choice:disabled { opacity: .6; cursor: default; }
.person-choice .icon { width: 18px; height: 18px; }

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
.count { margin: 6px 2px 0; font-size: 13px; color: var(--muted); font-variant-numeric: tabular-nums; }
.count.over { color: #9b1c14; font-weight: 600; }
.count.blocked { padding: 6px 10px; background: #fdecea; border: 1px solid #f2b8b5; border-radius: 8px; }
.combo .field[aria-invalid="true"] { border-color: #b3261e; }
.spacer { display: block; height: 0; }
.foot { display: flex; justify-content: center; padding: 2px 0 0; }
.human {
  display: inline-flex; align-items: center; gap: 8px; min-height: 40px; padding: 0 14px; border: 0; border-radius: 10px;
  background: transparent; color: var(--accent-dark); font-size: 14px; font-weight: 600;
}
.human:hover { background: var(--accent-soft); }
.human .icon { width: 18px; height: 18px; }

@media (max-width: 480px), (max-height: 480px) {
  .launcher { bottom: 16px; right: 16px; width: 52px; padding: 0; justify-content: center; border-radius: 50%; }
  .launcher .label { display: none; }
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

/** Gives ``shadow`` the widget's styles; a constructed sheet is not subject to the host page's style-src policy. */
export function adoptStyles(shadow) {
  if ("adoptedStyleSheets" in Document.prototype && "replaceSync" in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(h("style", { text: CSS }));
  }
}
