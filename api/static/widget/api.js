/* The askdesk API, at the origin (and folder) widget.js was loaded from. Calls are CORS without
 * credentials: the widget never sends the host page's cookies, and needs none of its own. */

export class ApiError extends Error {
  constructor(status, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.serverMessage = message || "";
  }
}

export class Api {
  /** ``base``: the URL of the folder widget.js was served from. */
  constructor(base) {
    this.base = base;
  }

  url(path) {
    return new URL(path, this.base).href;
  }

  /** An http(s) link to show the customer, or null for anything else (``javascript:``, garbage). */
  safeLink(url) {
    try {
      const u = new URL(String(url), this.base);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch (_) {
      return null;
    }
  }

  /** One JSON call; throws ApiError (status 0: offline, blocked by CORS, timed out). */
  async call(method, path, body) {
    const init = { method, mode: "cors", credentials: "omit", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (typeof AbortSignal !== "undefined" && AbortSignal.timeout) init.signal = AbortSignal.timeout(30000);
    let response;
    try {
      response = await fetch(this.url(path), init);
    } catch (_) {
      throw new ApiError(0, "");   // offline, blocked by CORS, timed out
    }
    let payload = null;
    try { payload = await response.json(); } catch (_) { payload = null; }
    if (!response.ok || !payload || payload.ok === false) {
      const status = (payload && payload.status) || response.status || 0;
      throw new ApiError(status, payload && typeof payload.error === "string" ? payload.error : "");
    }
    return payload;
  }

  /** Suggest-as-you-type: article titles for what has been typed; [] on any failure (a nicety, never an error). */
  async suggest(query, locale, signal) {
    try {
      const url = this.url(`api/v1/suggest?q=${encodeURIComponent(query)}&locale=${encodeURIComponent(locale)}`);
      const response = await fetch(url, { mode: "cors", credentials: "omit", signal });
      const payload = response.ok ? await response.json() : null;
      return (payload && Array.isArray(payload.suggestions)) ? payload.suggestions : [];
    } catch (_) {
      return [];
    }
  }

  /** Fire and forget, surviving the page being left (the customer opened an article). */
  beacon(path, body) {
    const url = this.url(path);
    const init = { method: "POST", mode: "cors", credentials: "omit", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) };
    fetch(url, { ...init, keepalive: true }).catch(() => fetch(url, init).catch(() => {}));
  }
}

/** What the customer is told about a failed call: friendly and in their language, never the
 * server's own words (the JSON envelope's ``error`` is for developers; it stays in the console). */
export function errorText(err, T) {
  const status = err && err.status;
  if (status === 429) return T.tooMany;
  if (!status) return T.network;
  if (status >= 400 && status < 500 && status !== 404) return T.rejected;
  return T.error;
}
