/* What the bot shows besides its words: answer cards with "Was this helpful?", the articles to
 * choose from when it is unsure, the greeting's popular topics, and the ticket number. */
import { h, icon, snippetNodes } from "./dom.js";
import { fmt } from "./i18n.js";

/** The popular topics as chips; picking one asks its title. */
export function chips(items, T, onPick) {
  return h("ul", { class: "chips", "aria-label": T.popular },
    items.filter((item) => item && item.title).map((item) => h("li", {},
      h("button", { type: "button", class: "chip", onclick: () => onPick(item.title) }, item.title))));
}

/** One answer card. ``link``: its safe href or null; ``onVote(articleId, helpful, buttons, chosen)``
 * is offered when ``feedback`` is true; ``onOpen()`` runs when the customer opens the article. */
export function card(article, { T, link, feedback, onOpen, onVote }) {
  const titleRow = h("h3", {}, article.title || "");
  if (article.cross_language && T.lang[article.locale]) titleRow.append(h("span", { class: "lang", text: T.lang[article.locale] }));
  else if (article.cross_language && article.locale) titleRow.append(h("span", { class: "lang", text: `(${article.locale})` }));
  const box = h("article", { class: "card", lang: article.locale || null }, titleRow);
  if (article.heading && article.heading !== article.title) box.append(h("p", { class: "section", text: article.heading }));
  if (article.answer) box.append(h("p", { class: "answer", text: article.answer }));
  else if (article.snippet) box.append(h("p", { class: "answer" }, snippetNodes(article.snippet)));
  if (link) {
    box.append(h("a", {
      class: "open", href: link, target: "_blank", rel: "noopener", "aria-label": fmt(T.openNamed, { title: article.title || "" }),
      onclick: onOpen,
    }, T.open, icon("external")));
  }
  if (feedback && article.id) {
    const yes = h("button", { type: "button", "aria-pressed": "false" }, icon("thumbUp"), T.yes);
    const no = h("button", { type: "button", "aria-pressed": "false" }, icon("thumbDown"), T.no);
    yes.addEventListener("click", () => onVote(article.id, true, [yes, no], yes));
    no.addEventListener("click", () => onVote(article.id, false, [yes, no], no));
    box.append(h("div", { class: "vote", role: "group", "aria-label": T.helpful }, h("span", { class: "q", text: T.helpful }), yes, no));
  }
  return box;
}

/** The articles that may answer (the bot is unsure): up to three buttons, ``onChoose(articleId, buttons, chosen)``. */
export function options(articles, { T, onChoose }) {
  const buttons = [];
  const list = h("ul", { class: "options", "aria-label": T.options });
  for (const article of articles.slice(0, 3)) {
    const title = h("strong", {}, article.title || "");
    if (article.cross_language && T.lang[article.locale]) title.append(h("span", { class: "lang", text: ` ${T.lang[article.locale]}` }));
    const button = h("button", { type: "button", class: "option", lang: article.locale || null }, title,
      article.snippet ? h("span", { class: "snippet" }, snippetNodes(article.snippet)) : null);
    button.addEventListener("click", () => onChoose(article.id, buttons, button));
    buttons.push(button);
    list.append(h("li", {}, button));
  }
  return list;
}

/** The ticket's number, large, with what the bot said about it. */
export function ticketBox(ticket, text, T) {
  return h("div", { class: "ticket" },
    h("p", { class: "label", text: T.ticket }),
    h("p", { class: "number", text: `#${ticket.number}` }),
    text ? h("p", { class: "text", text }) : null);
}
