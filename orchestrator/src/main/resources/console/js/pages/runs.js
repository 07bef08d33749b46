// Runs: every schedule's runs, newest first, filtered by status, schedule and start time, paged
// by the API's cursor. The filters are query parameters of GET /api/runs and of this page's hash.
import { explain, get } from '../api.js';
import { badge, duration, every, h, link, say, time } from '../ui.js';

const STATUSES = ['RUNNING', 'SUCCESS', 'FAILED', 'TIMEOUT', 'SKIPPED', 'INTERRUPTED'];
const PAGE_SIZE = 25;
const POLL_MS = 5000;

export function runsPage(root, { param }) {
  const query = new URLSearchParams(param || '');
  const cursors = [];
  let cursor = query.get('cursor');
  let next = null;
  const status = h('select', { id: 'run-status', 'aria-label': 'Status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: query.get('status') === s }, s)));
  const schedule = h('input', { id: 'run-schedule', placeholder: 'Schedule', value: query.get('schedule') || '' });
  const since = h('input', { id: 'run-since', type: 'datetime-local', title: 'Started at or after (your time)',
    value: query.get('since') ? toLocalInput(query.get('since')) : '' });
  const message = h('div');
  const body = h('tbody', { id: 'runs' });
  const older = h('button', { id: 'older', onClick: () => page(next, true) }, 'Older →');
  const newer = h('button', { id: 'newer', onClick: () => page(cursors.pop() || null, false) }, '← Newer');
  const form = h('form', { class: 'toolbar', onSubmit: apply }, status, schedule, h('label', { class: 'muted' },
    'since ', since), h('button', { type: 'submit', id: 'run-filter' }, 'Filter'));
  root.append(h('h1', {}, 'Runs'), form, message, h('table', {}, h('thead', {}, h('tr', {},
    ['Run', 'Schedule', 'Status', 'Trigger', 'Started (your time)', 'Duration', 'Attempt', 'Node', 'User']
      .map((t) => h('th', {}, t)))), body), h('div', { class: 'pager' }, newer, older));

  function apply(event) {
    event.preventDefault();
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (schedule.value.trim()) q.set('schedule', schedule.value.trim());
    if (since.value) q.set('since', new Date(since.value).toISOString());
    location.hash = `#/runs${q.toString() ? `?${q}` : ''}`;
  }

  function page(to, forward) {
    if (forward) cursors.push(cursor);
    cursor = to;
    refresh();
  }

  async function refresh() {
    const q = new URLSearchParams(query);
    q.delete('cursor');
    q.set('limit', PAGE_SIZE);
    if (cursor) q.set('cursor', cursor);
    try {
      const result = await get(`/api/runs?${q}`);
      next = result.nextCursor;
      older.disabled = next === null || next === undefined;
      newer.disabled = !cursor;
      say(message, null, null);
      body.replaceChildren(...result.runs.map((r) => h('tr', { 'data-run': r.id, 'data-status': r.status },
        h('td', {}, link(`#/runs/${r.id}`, `#${r.id}`)), h('td', {}, link(`#/schedules/${r.schedule}`, r.schedule)),
        h('td', {}, badge(r.status)), h('td', {}, r.trigger), h('td', {}, time(r.startedAt)),
        h('td', {}, duration(r.durationMs)), h('td', {}, String(r.attempt)), h('td', {}, r.node || '—'),
        h('td', {}, r.user || '—'))));
      if (!result.runs.length) body.append(h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No run matches.')));
    } catch (e) {
      say(message, 'error', explain(e));
    }
  }

  // only the newest page refreshes itself: an older page stays as it was read
  return every(POLL_MS, () => (cursor ? Promise.resolve() : refresh()));
}

function toLocalInput(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
