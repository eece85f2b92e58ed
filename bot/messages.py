"""What the bot says, in every UI language. One table; a missing translation falls back to English."""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hi! Ask me anything about your orders, delivery, returns or account, or pick a popular topic:",
        "greet": "Hello! What can I help you with? Type your question in a few words.",
        "welcome": "You're welcome! Is there anything else I can help with?",
        "prompt": "Type your question in a few words, for example “Where is my order?”.",
        "answer": "Here is what I found:",
        "clarify": "I found a few articles. Which one is closest to your question?",
        "offer_next": "Sorry that didn't help. Perhaps this one does:",
        "chosen": "Here it is:",
        "maybe": "I'm not sure, but this article may answer your question:",
        "outside": "I can help with {topics} — that question is outside what I know.",
        "outside.none": "That question is outside what I know — try asking it another way.",
        "offer_person": "Sorry that didn't help. If you like, a person can take it from here.",
        "and": "and",
        "handoff.customer_request": "Of course — I'll pass you to a person.",
        "handoff.low_confidence": "I'm not sure I have the right answer, so I'll pass you to a person.",
        "handoff.no_results": "I couldn't find an answer to that, so I'll pass you to a person.",
        "handoff.out_of_scope": "I can only help with questions about this shop, and that one is outside what I know. "
                                "A person can help you.",
        "handoff.negative_feedback": "Sorry I couldn't help. I'll pass you to a person.",
        "contact_needed": "Leave your e-mail or phone number and an agent will reply; they will see this "
                          "whole conversation, so you won't have to repeat anything.",
        "ticket": "Thank you! Your ticket number is #{number}. An agent will reply to {contact} within "
                  "{hours} hours.",
        "after_ticket": "Thanks, I've added that to ticket #{number}. An agent will reply to {contact}.",
        "contact_invalid": "That doesn't look like an e-mail address or a phone number with its country code "
                           "(for example +44 20 7946 0958).",
    },
    "ru": {
        "greeting": "Здравствуйте! Спросите о заказе, доставке, возврате или аккаунте — или выберите частый вопрос:",
        "greet": "Здравствуйте! Чем могу помочь? Напишите вопрос в нескольких словах.",
        "welcome": "Пожалуйста! Могу ли я помочь чем-то ещё?",
        "prompt": "Напишите вопрос в нескольких словах, например «Где мой заказ?».",
        "answer": "Вот что я нашёл:",
        "clarify": "Я нашёл несколько статей. Какая ближе к вашему вопросу?",
        "offer_next": "Жаль, что не помогло. Возможно, поможет эта:",
        "chosen": "Вот она:",
        "maybe": "Не уверен, но, возможно, ответ есть в этой статье:",
        "outside": "Я помогаю с темами: {topics} — а этот вопрос вне моих знаний.",
        "outside.none": "Этот вопрос вне моих знаний — попробуйте спросить иначе.",
        "offer_person": "Жаль, что не помогло. Если хотите, дальше вам поможет сотрудник.",
        "and": "и",
        "handoff.customer_request": "Конечно — передаю вас сотруднику.",
        "handoff.low_confidence": "Я не уверен, что нашёл верный ответ, поэтому передаю вас сотруднику.",
        "handoff.no_results": "Я не нашёл ответа на этот вопрос, поэтому передаю вас сотруднику.",
        "handoff.out_of_scope": "Я отвечаю только на вопросы об этом магазине, а этот вопрос вне моих знаний. "
                                "Вам поможет сотрудник.",
        "handoff.negative_feedback": "Извините, что не смог помочь. Передаю вас сотруднику.",
        "contact_needed": "Оставьте e-mail или телефон, и сотрудник ответит вам; он увидит весь этот разговор, "
                          "повторять ничего не придётся.",
        "ticket": "Спасибо! Номер вашего обращения — #{number}. Сотрудник ответит на {contact} в течение "
                  "{hours} ч.",
        "after_ticket": "Спасибо, я добавил это в обращение #{number}. Сотрудник ответит на {contact}.",
        "contact_invalid": "Это не похоже на e-mail или номер телефона с кодом страны (например, +7 912 345-67-89).",
    },
}


def say(locale: str, key: str, **values) -> str:
    table = MESSAGES.get(locale, MESSAGES["en"])
    return table.get(key, MESSAGES["en"][key]).format(**values)
