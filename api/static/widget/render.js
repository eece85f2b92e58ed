/* A reply of the bot into the conversation log: its words, "did you mean", the answer cards, the
 * articles to choose from, the greeting's topics, the handoff's contact form, the ticket. */
import { card, chips, options } from "./cards.js";
import { h, icon } from "./dom.js";
import { fmt } from "./i18n.js";

/** An answer card wired to the widget (votes, the opened-article report). */
export function cardFor(w, article, feedback) {
  return card(article, {
    T: w.T, link: w.api.safeLink(article.url), feedback,
    onOpen: () => w.reportClick(article.id),
    onVote: (id, helpful, buttons, chosen) => w.vote(id, helpful, buttons, chosen),
  });
}

export function optionsFor(w, articles) {
  return options(articles, { T: w.T, onChoose: (id, buttons, chosen) => w.choose(id, buttons, chosen) });
}

export function chipsFor(w, items) {
  return chips(items, w.T, (title) => w.submitQuestion(title));
}

/** "Talk to a person" in the conversation, after a reply that offers one (no contact form until it is pressed). */
export function personChoice(w) {
  const button = h("button", { type: "button", class: "person-choice" }, icon("person"), w.T.human);
  button.addEventListener("click", async () => {
    button.disabled = true;
    if (!(await w.talkToPerson())) button.disabled = false;
  });
  return h("div", { class: "choices" }, button);
}

export function renderReply(w, reply) {
  if (!reply || typeof reply !== "object") return;
  const { log, T } = w;
  const first = log.childElementCount;
  const action = reply.action;
  if (reply.did_you_mean) log.append(h("p", { class: "note", text: fmt(T.didYouMean, { q: reply.did_you_mean }) }));
  if (action === "ticket" && reply.ticket) {
    w.showTicket(reply.ticket, reply.text);
  } else if (reply.text) {
    log.append(h("div", { class: "msg bot", text: reply.text }));
  }
  const articles = Array.isArray(reply.articles) ? reply.articles : [];
  if (Array.isArray(reply.suggestions) && reply.suggestions.length) log.append(chipsFor(w, reply.suggestions));
  if (action === "clarify" && articles.length) {
    log.append(optionsFor(w, articles));
  } else {
    for (const article of articles) log.append(cardFor(w, article, Boolean(reply.feedback) && articles.length === 1));
  }
  if (reply.offer_person && !reply.handoff && !reply.ticket) log.append(personChoice(w));
  if (reply.handoff) {
    if (reply.handoff.text && reply.handoff.text !== reply.text) log.append(h("div", { class: "msg bot", text: reply.handoff.text }));
    if (reply.handoff.contact_needed !== false && !reply.ticket) w.showContactForm();
  }
  const firstNew = log.children[first];
  if (firstNew) w.view.scrollTo(firstNew);
  if (reply.handoff && w.contactForm && w.contactForm.isConnected) {
    w.contactForm.querySelector("input").focus({ preventScroll: true });
  }
}
