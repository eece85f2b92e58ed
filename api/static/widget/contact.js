/* The contact form a handoff asks for: an e-mail or phone (the server validates it), a name and a
 * note. Its maxlengths are the server's limits. */
import { h } from "./dom.js";

/**
 * The form. ``send(body, onError)`` posts it and resolves to the bot's reply or null (``onError(err)``
 * returns true when it has shown the error itself); ``sent(reply, contact)`` runs after a reply.
 */
export function contactForm({ T, prefill, limits, send, sent }) {
  const contact = h("input", { class: "field", id: "askdesk-contact", name: "contact", type: "text", autocomplete: "email",
    required: true, "aria-describedby": "askdesk-contact-error", spellcheck: "false" });
  contact.value = prefill;
  const error = h("p", { class: "field-error", id: "askdesk-contact-error", hidden: true });
  const name = h("input", { class: "field", id: "askdesk-name", name: "name", type: "text", autocomplete: "name" });
  const note = h("textarea", { class: "field", id: "askdesk-note", name: "note", rows: "2" });
  limits.apply(contact, "contact_chars");
  limits.apply(name, "name_chars");
  limits.apply(note, "note_chars");
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
    const reply = await send({ contact: value, name: name.value.trim(), note: note.value }, (err) => {
      if (err.status === 400) {          // the server's words stay in the console: the customer reads ours
        fieldError(T.contactInvalid);
        contact.focus();
        return true;
      }
      return false;
    });
    submit.disabled = false;
    if (reply) sent(reply, value);
  });
  return form;
}
