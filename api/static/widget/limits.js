/* The limits the widget enforces on what the customer types. Every number comes from the server,
 * in the `limits` of the session-start (and transcript) response; BEFORE_SESSION is all the widget
 * assumes until then, and no field gets a maxlength before the server has said what it is. */

const BEFORE_SESSION = { suggest_min_chars: 3 };   // the server answers [] below its own minimum anyway

export class Limits {
  constructor() {
    this.values = { ...BEFORE_SESSION };
  }

  /** Takes the limits of a server response (positive whole numbers only); true if it had any. */
  update(payload) {
    const given = payload && payload.limits;
    if (!given || typeof given !== "object") return false;
    for (const [name, value] of Object.entries(given)) {
      if (Number.isInteger(value) && value > 0) this.values[name] = value;
    }
    return true;
  }

  /** The limit called ``name`` (e.g. ``text_chars``), or undefined while the server has not said. */
  get(name) {
    return this.values[name];
  }

  /** Sets ``field``'s maxlength to the limit ``name``, once the server has said what it is. */
  apply(field, name) {
    const limit = this.get(name);
    if (limit) field.maxLength = limit;
  }
}
