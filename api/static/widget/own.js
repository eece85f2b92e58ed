/* The customer's own words shown back to them as they typed them. The server masks personal data
 * before it stores anything ("[email]", "[phone]", "[card]", "[iban]"), so a restored transcript
 * would show a customer their own e-mail as "[email]"; the widget kept what they typed in this tab
 * (storage.js) and puts it back, for their eyes only. Nothing here is ever sent to the server. */

const PLACEHOLDER = /\[(?:email|phone|card|iban)\]/;
const PLACEHOLDERS = /\[(?:email|phone|card|iban)\]/g;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern matching the texts that mask to ``masked`` (whitespace may differ). */
function patternOf(masked) {
  const literal = masked.trim().split(PLACEHOLDERS).map((part) => escapeRegExp(part).replace(/\s+/g, "\\s+"));
  return new RegExp(`^${literal.join("[\\s\\S]+?")}$`, "u");
}

/** Walks the customer's lines in order, taking each masked one back from what they typed. */
export class OwnWords {
  /** ``own``: ``{contact, texts}`` (Saved.own). */
  constructor(own) {
    this.contact = own.contact || "";
    this.texts = own.texts || [];
    this.next = 0;
  }

  /** A customer line as they typed it, or as the server has it when nothing kept matches. */
  customer(text) {
    if (!PLACEHOLDER.test(text)) return text;
    const pattern = patternOf(text);
    for (let i = this.next; i < this.texts.length; i += 1) {
      if (pattern.test(this.texts[i].trim())) {
        this.next = i + 1;
        return this.texts[i].trim();
      }
    }
    return text;
  }

  /** A bot line that names the customer's contact (the ticket's), with the contact as they typed it. */
  bot(text) {
    if (!this.contact) return text;
    const kind = this.contact.includes("@") ? "[email]" : "[phone]";
    return text.split(kind).join(this.contact);
  }
}
