/* A conversation restored after a reload (GET /api/v1/sessions/<id>): the transcript drawn again,
 * each message its own bubble (a line's ``texts`` when the bot said several things at once), answers
 * as cards without "Was this helpful?" on the old ones, the customer's own words as they typed them
 * (own.js), and the contact form only if the customer had not carried on past it. */
import { h } from "./dom.js";
import { OwnWords } from "./own.js";
import { cardFor, chipsFor, optionsFor, personChoice } from "./render.js";

const OFFERS_PERSON = new Set(["out_of_scope", "offer_person"]);   // replies that showed "Talk to a person"
const NAMES_CONTACT = new Set(["ticket", "after_ticket"]);          // bot lines that name the customer's contact

function botTexts(line) {
  if (Array.isArray(line.texts)) return line.texts.filter((t) => typeof t === "string" && t);
  return typeof line.text === "string" && line.text ? [line.text] : [];
}

export function renderTranscript(w, found) {
  const { log, T } = w;
  const lines = Array.isArray(found.transcript) ? found.transcript : [];
  const ticket = found.ticket;
  const own = new OwnWords(w.saved.own(found.session_id || (w.session && w.session.id)));
  let handedOff = false;
  let formShown = false;      // what the customer last saw of the contact form (widget.giveWay)
  for (const line of lines) {
    const text = typeof line.text === "string" ? line.text : "";
    if (line.from === "customer") {
      if (line.kind === "vote") {
        log.append(h("p", { class: "note voted", text: T.voted[Boolean(line.helpful)] }));
        formShown = handedOff;
      } else if (line.kind === "human_request" && text === "[Talk to a person]") {
        log.append(h("div", { class: "msg me", text: T.human }));
        formShown = handedOff;
      } else if (line.kind !== "click" && text) {
        log.append(h("div", { class: "msg me", text: own.customer(text) }));
        formShown = false;
      }
      continue;
    }
    const texts = botTexts(line).map((t) => (NAMES_CONTACT.has(line.action) ? own.bot(t) : t));
    if (line.action === "ticket" && ticket) {
      w.showTicket(ticket, texts.join(" "));
      continue;
    }
    for (const one of texts) log.append(h("div", { class: "msg bot", text: one }));
    if (line.action === "handoff") handedOff = formShown = true;
    const cards = Array.isArray(line.cards) ? line.cards.filter((c) => c && c.id) : [];
    if (line.action === "greeting" && cards.length) {       // the greeting's popular topics
      log.append(chipsFor(w, cards));
    } else if (line.action === "clarify" && cards.length) {
      log.append(optionsFor(w, cards));
    } else {
      for (const card of cards) log.append(cardFor(w, card, false));
    }
    if (OFFERS_PERSON.has(line.action) && !found.handoff && !ticket) log.append(personChoice(w));
  }
  if (found.handoff && !ticket && (formShown || !handedOff)) w.showContactForm();
  if (log.lastElementChild) log.scrollTop = log.scrollHeight;
}
