/* Room for the launcher at the end of the host page on a narrow screen. There the launcher floats
 * over the page's full-width text, and at the end of a page (a help article's last lines) nothing can
 * scroll out from under it. The widget's own host element ends the page, so a spacer in it makes that
 * room, without touching the page's styles: only as much as the page does not leave already (the demo
 * shop's footer does; a help article does not), and none on wide screens. */

const NARROW = "(max-width: 480px)";
const GAP = 12;   // between the page's last content and the launcher's top

function px(value) {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : 0;
}

/** The room the page leaves below its last content: the body's bottom padding and its last element's. */
function pageRoom(host) {
  const body = document.body;
  let last = body.lastElementChild;
  while (last && (last === host || last.tagName === "SCRIPT" || last.tagName === "TEMPLATE" || last.hidden)) {
    last = last.previousElementSibling;
  }
  const style = getComputedStyle(body);
  const own = last ? getComputedStyle(last) : null;
  return px(style.paddingBottom) + (own ? px(own.paddingBottom) + px(own.marginBottom) : 0);
}

export function keepRoom({ host, spacer, launcher }) {
  if (!window.matchMedia) return;
  const narrow = window.matchMedia(NARROW);
  const measure = () => {
    spacer.style.height = "0px";
    if (!narrow.matches) return;
    const needed = window.innerHeight - launcher.getBoundingClientRect().top + GAP;
    spacer.style.height = `${Math.max(0, Math.ceil(needed - pageRoom(host)))}px`;
  };
  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(measure, 100); };
  if (narrow.addEventListener) narrow.addEventListener("change", measure);
  window.addEventListener("resize", later);
  if (document.readyState === "complete") measure();
  else window.addEventListener("load", measure, { once: true });
  measure();
}
