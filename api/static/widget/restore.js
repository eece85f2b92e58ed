/* A conversation restored after a reload (GET /api/v1/sessions/<id>): the transcript drawn again,
 * answers as cards, without "Was this helpful?" on the old ones. */
import { h } from "./dom.js";
import { cardFor, chipsFor, optionsFor, personChoice } from "./render.js";

const OFFERS_PERSON = new Set(["out_of_scope", "offer_person"]);   // replies that showed "Talk to a person"

export function renderTranscript(w, found) {
  const { log, T } = w;
  const lines = Array.isArray(found.transcript) ? found.transcript : [];
  const ticket = found.ticket;
  for (const line of lines) {
    const text = typeof line.text === "string" ? line.text : "";
    if (line.from === "customer") {
      if (line.kind === "vote") log.append(h("p", { class: "note voted", text: T.voted[Boolean(line.helpful)] }));
      else if (line.kind === "human_request" && text === "[Talk to a person]") log.append(h("div", { class: "msg me", text: T.human }));
      else if (line.kind !== "click" && text) log.append(h("div", { class: "msg me", text }));
      continue;
    }
    if (line.action === "ticket" && ticket) {
      w.showTicket(ticket, text);
      continue;
    }
    if (text) log.append(h("div", { class: "msg bot", text }));
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
  if (found.handoff && !ticket) w.showContactForm();
  if (log.lastElementChild) log.scrollTop = log.scrollHeight;
}
