// One schedule: state and actions, the cron in words with its next fire times, the run history
// with a chart, the audit of changes, and (admin) the edit form.
import { explain, get, post, request } from '../api.js';
import { ago, badge, duration, every, h, link, may, say, time } from '../ui.js';
import { editForm } from './schedule-edit.js';
import { cronPreview } from './preview.js';
import { runChart } from './chart.js';

const POLL_MS = 4000;

export function schedulePage(root, { session, param: name, clusterPaused }) {
  const head = h('div', { id: 'schedule-head' });
  const message = h('div', { id: 'action-message' });
  const actions = h('div', { class: 'actions', id: 'actions' });
  const facts = h('dl', { class: 'facts', id: 'facts' });
  const preview = h('div', { class: 'preview', id: 'cron-preview' });
  const chart = h('div', { id: 'chart' });
  const runs = h('tbody', { id: 'runs' });
  const changes = h('tbody', { id: 'changes' });
  const edit = h('div', { id: 'edit' });
  root.append(head, message, actions,
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Definition'), facts),
      h('section', { class: 'panel' }, h('h2', {}, 'Cron in words and the next 10 fire times'), preview)),
    h('section', { class: 'panel' }, h('h2', {}, 'Runs'), chart,
      h('table', {}, h('thead', {}, h('tr', {}, ['Run', 'Status', 'Trigger', 'Started (your time)', 'Duration', 'Attempt',
        'Node', 'User'].map((t) => h('th', {}, t)))), runs)),
    h('section', { class: 'panel' }, h('h2', {}, 'Changes'),
      h('table', {}, h('thead', {}, h('tr', {}, ['When (your time)', 'Who', 'Action', 'What changed'].map((t) => h('th', {}, t)))),
        changes)),
    edit);
  const drawChart = runChart(chart);
  let shownCron = null;
  let shownActions = null;

  async function act(label, path) {
    say(message, 'info', `${label}…`);
    try {
      await post(path);
      say(message, 'ok', `${label}: done.`);
      await refresh();
    } catch (e) {
      say(message, 'error', `${label}: ${explain(e)}`);
    }
  }

  function drawActions(s) {
    const buttons = [];
    if (may(session, 'operator')) {
      // the view says PAUSED only when nothing weighs more (BLOCKED, SUPPRESSED...): then offer both
      if (s.state !== 'PAUSED') {
        buttons.push(h('button', { id: 'pause', onClick: () => act('Pause', `/api/schedules/${name}/pause`) }, 'Pause'));
      }
      if (s.state !== 'NORMAL' && s.state !== 'RUNNING') {
        buttons.push(h('button', { id: 'resume', onClick: () => act('Resume', `/api/schedules/${name}/resume`) }, 'Resume'));
      }
      buttons.push(h('button', { id: 'reset', onClick: () => act('Reset', `/api/schedules/${name}/reset`),
        title: 'Clear the consecutive failures and lift a suppression' }, 'Reset'));
      buttons.push(h('button', { id: 'trigger', class: 'primary',
        onClick: () => act('Trigger', `/api/schedules/${name}/trigger`) }, 'Trigger now'));
      buttons.push(h('button', { id: 'trigger-force', class: 'danger',
        title: 'Run even if a dependency has not succeeded or the schedule is paused',
        onClick: () => act('Trigger with force', `/api/schedules/${name}/trigger?force=true`) }, 'Trigger with force'));
    }
    // redrawn only when they change, so that a click is never lost to a refresh
    const key = buttons.map((b) => b.id).join();
    if (key !== shownActions) {
      shownActions = key;
      actions.replaceChildren(...buttons);
    }
  }

  function drawHead(s, last) {
    head.replaceChildren(...[h('h1', {}, link('#/schedules', 'Schedules'), ' / ', name, ' ', badge(s.state)),
      s.blockedReason ? h('div', { class: 'notice error', id: 'blocked-reason' }, `Blocked: ${s.blockedReason}`) : null,
      s.notifyProblem ? h('div', { class: 'notice error' }, `Notifications: ${s.notifyProblem}`) : null]
      .filter(Boolean));
    facts.replaceChildren(...[
      ['Operation', s.operation], ['Cron', h('code', {}, s.cron)], ['Time zone', s.timeZone],
      ['Enabled', s.enabled ? 'yes' : 'no'],
      ['Depends on', s.dependsOn.length ? s.dependsOn.map((d) => [link(`#/schedules/${d}`, d), ' ']) : '—'],
      ['Last run', last ? [badge(last.status), ' ', ago(last.finishedAt || last.startedAt), ', ',
        duration(last.durationMs)] : 'never'],
      ['Consecutive failures', `${s.consecutiveFailures} of at most ${s.maxConsecutiveFailures}`],
      ['Max duration', s.maxDuration], ['Retries', `${s.maxRetries}, backoff ${s.retryBackoff}`],
      ['Dependency window', s.dependencyWindow], ['Priority', String(s.priority)], ['Misfire', s.misfirePolicy],
      ['Config', h('code', {}, JSON.stringify(s.config))], ['Version', String(s.version)],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function drawRuns(list) {
    runs.replaceChildren(...list.map((r) => h('tr', { 'data-run': r.id, 'data-status': r.status },
      h('td', {}, link(`#/runs/${r.id}`, `#${r.id}`)), h('td', {}, badge(r.status)), h('td', {}, r.trigger),
      h('td', {}, time(r.startedAt)), h('td', {}, duration(r.durationMs)), h('td', {}, String(r.attempt)),
      h('td', {}, r.node || '—'), h('td', {}, r.user || '—'))));
    if (!list.length) runs.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No run yet.')));
    drawChart(list);
  }

  function drawChanges(list) {
    changes.replaceChildren(...list.map((c) => h('tr', {},
      h('td', {}, time(c.at)), h('td', {}, c.user), h('td', {}, c.action), h('td', { class: 'diff' }, diff(c)))));
    if (!list.length) changes.append(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'No change recorded.')));
  }

  async function refresh() {
    const [s, runList, changeList, cluster] = await Promise.all([get(`/api/schedules/${name}`),
      get(`/api/schedules/${name}/runs?limit=50`), get(`/api/schedules/${name}/changes?limit=50`),
      get('/api/scheduler')]);
    clusterPaused(cluster.globallyPaused);
    drawHead(s, runList.find((r) => r.status !== 'RUNNING'));
    drawActions(s);
    drawRuns(runList);
    drawChanges(changeList);
    if (shownCron !== `${s.cron}|${s.timeZone}`) {
      shownCron = `${s.cron}|${s.timeZone}`;
      cronPreview(preview, s.cron, s.timeZone);
    }
  }

  const stop = every(POLL_MS, () => refresh().catch((e) => say(message, 'error', explain(e))));
  if (may(session, 'admin')) editForm(edit, name, refresh);
  return () => {
    stop();
    drawChart(null);
  };
}

/** The fields an audited change altered: before → after. */
function diff(change) {
  const before = change.before || {};
  const after = change.after || {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && k !== 'version');
  if (!keys.length) return h('span', { class: 'muted' }, '—');
  return keys.map((k) => h('div', {}, `${k}: `, change.before ? h('del', {}, show(before[k])) : null,
    change.before && change.after ? ' → ' : '', change.after ? h('ins', {}, show(after[k])) : null));
}

function show(value) {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
