// Schedules: one table, filtered by state and name, refreshed every few seconds.
import { explain, get } from '../api.js';
import { ago, badge, duration, every, h, link, say, time } from '../ui.js';

const STATES = ['NORMAL', 'PAUSED', 'SUPPRESSED', 'BLOCKED', 'RUNNING', 'DISABLED'];
export const POLL_MS = 3000;

export function schedulesPage(root, { clusterPaused }) {
  const filter = { state: '', text: '' };
  let rows = [];
  const stateSelect = h('select', { id: 'state-filter', 'aria-label': 'State', onChange: (e) => {
    filter.state = e.target.value;
    draw();
  } }, h('option', { value: '' }, 'All states'), STATES.map((s) => h('option', { value: s }, s)));
  const search = h('input', { id: 'search', type: 'search', placeholder: 'Search by name', onInput: (e) => {
    filter.text = e.target.value.trim().toLowerCase();
    draw();
  } });
  const updated = h('span', { class: 'muted small spacer', id: 'updated' });
  const message = h('div');
  const body = h('tbody', { id: 'schedules' });
  const counts = h('span', { class: 'muted small', id: 'counts' });
  root.append(h('h1', {}, 'Schedules'), h('div', { class: 'toolbar' }, stateSelect, search, counts, updated), message,
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'State', 'Cron', 'Next fire', 'Last run', 'Duration',
      'Failures'].map((t) => h('th', {}, t)))), body));

  function draw() {
    const shown = rows.filter(({ s }) => (!filter.state || s.state === filter.state)
      && (!filter.text || s.name.toLowerCase().includes(filter.text)));
    counts.textContent = `${shown.length} of ${rows.length}`;
    body.replaceChildren(...shown.map(row));
    if (shown.length === 0) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No schedule matches.')));
  }

  function row({ s, last }) {
    const reason = s.blockedReason || s.notifyProblem;
    return h('tr', { 'data-schedule': s.name, 'data-state': s.state },
      h('td', {}, link(`#/schedules/${s.name}`, s.name), s.operation !== s.name
        ? h('div', { class: 'muted small' }, s.operation) : null),
      h('td', { class: 'state-cell' }, badge(s.state), reason ? h('div', { class: 'small error' }, reason) : null),
      h('td', {}, h('code', {}, s.cron), h('div', { class: 'muted small' }, s.cronDescription || '')),
      h('td', {}, time(s.nextFireTimes && s.nextFireTimes[0], s.timeZone),
        h('div', { class: 'muted small' }, s.timeZone)),
      h('td', { class: 'last-run' }, last ? [badge(last.status), ' ', h('span', { class: 'muted small' },
        ago(last.finishedAt || last.startedAt))] : h('span', { class: 'muted' }, 'never')),
      h('td', {}, last ? duration(last.durationMs) : '—'),
      h('td', { class: s.consecutiveFailures > 0 ? 'error' : '' }, String(s.consecutiveFailures)));
  }

  async function refresh() {
    try {
      const [schedules, latest, cluster] = await Promise.all([get('/api/schedules'),
        get('/api/console/latest-runs'), get('/api/scheduler')]);
      const byName = new Map(latest.map((r) => [r.schedule, r]));
      rows = schedules.map((s) => ({ s, last: byName.get(s.name) }));
      clusterPaused(cluster.globallyPaused);
      say(message, null, null);
      draw();
      updated.textContent = `Updated ${time(new Date().toISOString())}, every ${POLL_MS / 1000} s`;
    } catch (e) {
      say(message, 'error', explain(e));
    }
  }

  return every(POLL_MS, refresh);
}
