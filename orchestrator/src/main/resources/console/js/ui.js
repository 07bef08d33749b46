// Small DOM helpers: elements built with text nodes only (no HTML from data), state badges,
// times and durations.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2).toLowerCase(), value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A state or status as colour and word. */
export function badge(word) {
  const text = word || 'NONE';
  return h('span', { class: `state s-${text.toLowerCase().replace(/_/g, '-')}`, 'data-state': text }, text);
}

export const ROLES = ['viewer', 'operator', 'admin'];

export function may(session, role) {
  return ROLES.indexOf(session.role) >= ROLES.indexOf(role);
}

/** An instant shown in a time zone as 2026-11-28 14:05:00, or a dash. */
export function time(iso, zone) {
  if (!iso) return '—';
  const options = { timeZone: zone || undefined, hour12: false, year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  return new Date(iso).toLocaleString('sv-SE', options);
}

export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? `${s} s` : s < 3600 ? `${Math.round(s / 60)} min` : s < 172800
    ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60000);
  return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function notice(kind, text) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** Shows {@code text} in {@code slot} (replacing what was there); null clears it. */
export function say(slot, kind, text) {
  slot.replaceChildren(text ? notice(kind, text) : '');
}

export function link(href, text) {
  return h('a', { href }, text);
}

/** Runs {@code task} now and every {@code ms} until the returned stop function is called. */
export function every(ms, task) {
  let stopped = false;
  let timer = null;
  const loop = async () => {
    try {
      await task();
    } catch (e) {
      console.warn(e);
    }
    if (!stopped) timer = setTimeout(loop, ms);
  };
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
