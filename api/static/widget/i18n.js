/* The widget's own words in each language it speaks; the bot's replies come from the API, in the session's locale. */

export const STRINGS = {
  en: {
    help: "Help", title: "Help", conversation: "Conversation", subtitle: "Instant answers, or a real person",
    ask: "Ask a question…", send: "Send", human: "Talk to a person", close: "Close",
    helpful: "Was this helpful?", yes: "Yes", no: "No", open: "Open article", openNamed: "Open article: {title}",
    thanks: "Thanks for telling us!", contact: "Your e-mail or phone", name: "Your name (optional)",
    note: "Anything to add? (optional)", sendTicket: "Send to support", contactRequired: "Please enter your e-mail or phone number.",
    contactInvalid: "That doesn't look like an e-mail address or a phone number with its country code (for example +44 20 7946 0958).",
    rejected: "Sorry, I couldn't do that — try asking your question again, or talk to a person.",
    ticket: "Your ticket number", error: "Something went wrong — try again",
    tooMany: "Too many requests — wait a moment", network: "Can't reach support right now — check your connection and try again",
    retry: "Try again", didYouMean: "Showing results for “{q}”", suggestions: "Suggested articles",
    popular: "Popular topics", options: "Articles that may answer your question", typing: "Looking for an answer…",
    youSaid: "You", bot: "Support", voted: { true: "You found this helpful", false: "You said this didn't help" },
    counter: "{count} / {limit} characters",
    tooLong: "{count} / {limit} characters — {over} too many: shorten your message to send it.",
    notSent: "Not sent: your message is {count} characters and the limit is {limit}. Shorten it by {over}, then send it.",
    lang: { en: "(in English)", ru: "(in Russian)" },
  },
  ru: {
    help: "Помощь", title: "Помощь", conversation: "Переписка", subtitle: "Быстрые ответы — или живой сотрудник",
    ask: "Задайте вопрос…", send: "Отправить", human: "Связаться с сотрудником", close: "Закрыть",
    helpful: "Это помогло?", yes: "Да", no: "Нет", open: "Открыть статью", openNamed: "Открыть статью: {title}",
    thanks: "Спасибо за отзыв!", contact: "Ваш e-mail или телефон", name: "Ваше имя (необязательно)",
    note: "Хотите что-то добавить? (необязательно)", sendTicket: "Отправить в поддержку",
    contactRequired: "Укажите e-mail или номер телефона.",
    contactInvalid: "Это не похоже на e-mail или номер телефона с кодом страны (например, +7 912 345-67-89).",
    rejected: "Не получилось — задайте вопрос ещё раз или свяжитесь с сотрудником.",
    ticket: "Номер вашего обращения", error: "Что-то пошло не так — попробуйте ещё раз",
    tooMany: "Слишком много запросов — подождите немного", network: "Не удаётся связаться с поддержкой — проверьте подключение и попробуйте ещё раз",
    retry: "Попробовать ещё раз", didYouMean: "Показаны результаты для «{q}»", suggestions: "Подходящие статьи",
    popular: "Частые вопросы", options: "Статьи, которые могут ответить на ваш вопрос", typing: "Ищу ответ…",
    youSaid: "Вы", bot: "Поддержка", voted: { true: "Вы отметили, что это помогло", false: "Вы отметили, что это не помогло" },
    counter: "{count} / {limit} символов",
    tooLong: "{count} / {limit} символов — на {over} больше допустимого: сократите сообщение, чтобы отправить его.",
    notSent: "Не отправлено: в сообщении {count} символов, а можно не больше {limit}. Сократите его на {over} и отправьте.",
    lang: { en: "(на английском)", ru: "(на русском)" },
  },
};

/** The supported language of a tag like ``ru-RU`` or ``en_GB``, or null. */
export function supported(value) {
  const code = String(value || "").trim().toLowerCase().split(/[-_]/)[0];
  return Object.prototype.hasOwnProperty.call(STRINGS, code) ? code : null;
}

/** The widget's language: ``data-locale``, else the host page's ``<html lang>``, else English. */
export function pickLocale(dataLocale, pageLang) {
  return supported(dataLocale) || supported(pageLang) || "en";
}

/** ``text`` with each ``{name}`` replaced by ``values.name``. */
export function fmt(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ""));
}
