/* The contact form a handoff asks for: an e-mail or phone (the server validates it), a name and a
 * note. Its maxlengths are the server's limits. One form per widget: it gives way while the customer
 * carries on chatting and comes back, with what was typed in it, on the next handoff. */
import { ticketBox } from "./cards.js";
import { h } from "./dom.js";

/**
 * The form. ``send(body, onError)`` posts it and resolves to the bot's reply or null (``onError(err)``
 * returns true when it has shown the error itself); ``sent(reply, contact, note)`` runs after a reply.
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
    if (reply) sent(reply, value, note.value);
  });
  return form;
}

/** The widget's contact form at the end of the conversation (made the first time). */
export function placeContactForm(w) {
  if (!w.contactForm) {
    w.contactForm = contactForm({
      T: w.T, prefill: w.data.email || w.saved.contact(), limits: w.limits,
      send: (body, onError) => w.act("contact", body, onError),
      sent: (reply, contact, note) => {
        w.saved.saveContact(contact);
        w.keepOwn({ text: note, contact });
        if (reply.action === "ticket") w.input.focus({ preventScroll: true });
      },
    });
  }
  w.log.append(w.contactForm);
}

/** Takes the form out of the conversation (kept, with what was typed in it); returns it, or null. */
export function contactGivesWay(w) {
  if (!w.contactForm || !w.contactForm.isConnected) return null;
  w.contactForm.remove();
  return w.contactForm;
}

/** The ticket opened: the form goes for good, the ticket's number comes. */
export function placeTicket(w, ticket, text) {
  if (w.contactForm) { w.contactForm.remove(); w.contactForm = null; }
  w.log.append(ticketBox(ticket, text, w.T));
}
