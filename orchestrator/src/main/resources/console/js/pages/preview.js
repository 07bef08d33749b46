// The cron in words and its next fire times in the schedule's zone, from POST /api/cron/preview.
import { ApiError, post } from '../api.js';
import { h } from '../ui.js';

/** Fills {@code slot} with the preview of {@code cron} in {@code zone}; resolves to whether it is valid. */
export async function cronPreview(slot, cron, zone) {
  try {
    const p = await post('/api/cron/preview', { cron, timezone: zone });
    slot.replaceChildren(h('div', { class: 'description' }, h('strong', {}, p.description)),
      h('div', { class: 'muted small' }, `Next ${p.next.length} fire times in ${p.timezone}:`),
      h('ol', { class: 'next-fire-times' }, p.next.map((t) => h('li', {}, t.replace('T', ' ')))));
    return true;
  } catch (e) {
    const text = e instanceof ApiError && e.status === 400 ? e.messages.join('; ') : e.message;
    slot.replaceChildren(h('div', { class: 'error preview-error', role: 'alert' }, text));
    return false;
  }
}
