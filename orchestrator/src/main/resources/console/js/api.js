// Calls the node's API with the session cookie. Every call carries X-Guardian-Console, which the
// API requires of a cookie-authenticated change (another site cannot set it) and which makes a
// 401 come without a Basic challenge, so the browser shows no password dialog of its own.

export class ApiError extends Error {
  constructor(status, body) {
    const messages = body && Array.isArray(body.errors) ? body.errors
      : [body && body.message ? body.message : `HTTP ${status}`];
    super(messages.join('; '));
    this.status = status;
    this.messages = messages;
  }
}

let loginNeeded = () => {};

/** Called when a call answers 401: the session is gone (expired, logged out, node restarted). */
export function onLoginNeeded(callback) {
  loginNeeded = callback;
}

export async function request(method, path, { body, ifMatch } = {}) {
  const headers = { 'X-Guardian-Console': '1', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = { message: text };
  }
  if (response.status === 401 && path !== '/api/session') loginNeeded();
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, etag: response.headers.get('ETag'), date: response.headers.get('Date') };
}

export const get = (path) => request('GET', path).then((r) => r.data);
export const post = (path, body) => request('POST', path, { body }).then((r) => r.data);

/** What a refusal means to the person who clicked. */
export function explain(error) {
  if (!(error instanceof ApiError)) return `The node did not answer (${error.message}).`;
  switch (error.status) {
    case 403: return 'Refused: your role may not do this (403).';
    case 404: return `Not found: ${error.message}`;
    case 409: return `Conflict: ${error.message}`;
    case 412: return 'Someone changed this schedule since you opened it (412).';
    case 429: return error.message;
    case 503: return `Scheduling is unavailable right now: ${error.message}`;
    default: return error.messages.join('; ');
  }
}
