// One run: when, where, which attempt, who asked, its error and its result.
import { explain, get } from '../api.js';
import { badge, duration, h, link, say, time } from '../ui.js';

export function runPage(root, { param: id }) {
  const message = h('div');
  const facts = h('dl', { class: 'facts', id: 'run-facts' });
  const error = h('div', { id: 'run-error' });
  const result = h('div', { id: 'run-result' });
  root.append(h('h1', {}, link('#/runs', 'Runs'), ` / #${id}`), message,
    h('p', { class: 'muted small' }, 'Times in your time zone.'),
    h('section', { class: 'panel' }, facts), error, result);
  get(`/api/runs/${id}`).then((r) => {
    facts.replaceChildren(...[
      ['Schedule', link(`#/schedules/${r.schedule}`, r.schedule)], ['Operation', r.operation],
      ['Status', badge(r.status)], ['Trigger', r.trigger], ['User', r.user || '—'],
      ['Scheduled for', time(r.scheduledFireTime)], ['Started', time(r.startedAt)],
      ['Finished', time(r.finishedAt)], ['Duration', duration(r.durationMs)], ['Attempt', String(r.attempt)],
      ['Node', r.node || '—'],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, v)]));
    if (r.error) error.replaceChildren(h('section', { class: 'panel' }, h('h2', {}, 'Error'), h('pre', {}, r.error)));
    result.replaceChildren(h('section', { class: 'panel' }, h('h2', {}, 'Result'),
      r.result === null || r.result === undefined ? h('p', { class: 'muted' }, 'No result recorded.')
        : h('pre', { id: 'run-result-json' }, JSON.stringify(r.result, null, 2))));
  }).catch((e) => say(message, 'error', explain(e)));
  return () => {};
}
