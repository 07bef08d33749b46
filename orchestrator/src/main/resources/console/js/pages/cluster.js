// The cluster: its nodes with their liveness, clocks and running attempts; global pause and resume (admin).
import { explain, get, post, request } from '../api.js';
import { ago, badge, duration, every, h, link, may, say, time } from '../ui.js';

const POLL_MS = 3000;

export function clusterPage(root, { session, clusterPaused }) {
  const message = h('div', { id: 'cluster-message' });
  const summary = h('div', { class: 'panel', id: 'cluster-summary' });
  const nodes = h('tbody', { id: 'nodes' });
  root.append(h('h1', {}, 'Cluster'), message, summary, h('table', {}, h('thead', {}, h('tr', {},
    ['Node', 'Liveness', 'Last check-in', 'Clock', 'Running attempts'].map((t) => h('th', {}, t)))), nodes));

  async function act(label, path) {
    try {
      await post(path);
      say(message, 'ok', `${label}: done.`);
      await refresh();
    } catch (e) {
      say(message, 'error', `${label}: ${explain(e)}`);
    }
  }

  async function refresh() {
    try {
      const [{ data: cluster, date }, running] = await Promise.all([request('GET', '/api/scheduler'),
        get('/api/runs?status=RUNNING&limit=200')]);
      const now = date ? new Date(date).getTime() : Date.now();
      clusterPaused(cluster.globallyPaused);
      const buttons = [];
      if (may(session, 'admin')) {
        buttons.push(cluster.globallyPaused
          ? h('button', { id: 'resume-all', class: 'primary', onClick: () => act('Resume all', '/api/scheduler/resume') },
            'Resume the cluster')
          : h('button', { id: 'pause-all', class: 'danger', onClick: () => {
            if (window.confirm('Pause every schedule on every node?')) act('Pause all', '/api/scheduler/pause');
          } }, 'Pause the cluster'));
      }
      summary.replaceChildren(h('div', {}, badge(cluster.globallyPaused ? 'PAUSED' : 'NORMAL'), ' ',
        cluster.globallyPaused ? 'Paused: no schedule fires.' : 'Running: schedules fire on their cron.',
        ` ${cluster.runningCount} attempt(s) running. This page is served by node ${cluster.nodeId}.`),
      h('div', { class: 'actions' }, buttons));
      nodes.replaceChildren(...cluster.nodes.map((n) => row(n, now, running.runs.filter((r) => r.node === n.id))));
    } catch (e) {
      say(message, 'error', explain(e));
    }
  }

  return every(POLL_MS, refresh);
}

function row(node, now, runs) {
  return h('tr', { 'data-node': node.id },
    h('td', {}, node.id), h('td', {}, badge(liveness(node, now))),
    h('td', {}, node.lastCheckin ? [time(node.lastCheckin), h('div', { class: 'muted small' }, ago(node.lastCheckin, now))]
      : h('span', { class: 'muted' }, 'not firing: never checked in')),
    h('td', { class: 'clock' }, clock(node.clockOffsetMillis)),
    h('td', {}, runs.length ? runs.map((r) => h('div', {}, link(`#/runs/${r.id}`, `#${r.id}`), ` ${r.schedule}`,
      ` attempt ${r.attempt}, ${duration(now - new Date(r.startedAt).getTime())}`)) : h('span', { class: 'muted' }, 'none')));
}

function liveness(node, now) {
  if (!node.lastCheckin) return 'STANDING_DOWN';
  const silent = now - new Date(node.lastCheckin).getTime();
  return silent <= 3 * node.checkinIntervalMillis + 2000 ? 'ALIVE' : silent <= 10 * node.checkinIntervalMillis
    + 10000 ? 'LATE' : 'DEAD';
}

// The node's clock against the database's; past ORCH_MAX_CLOCK_OFFSET_MS (1 s by default) it may stop
// firing: its clock health check says.
function clock(offset) {
  if (offset === null || offset === undefined) return h('span', { class: 'muted' }, 'not compared yet');
  const text = `${Math.abs(offset)} ms ${offset >= 0 ? 'ahead of' : 'behind'} the database`;
  return Math.abs(offset) > 1000 ? h('span', { 'data-clock': 'off' }, badge('OFF'), ` ${text}`) : h('span', {}, text);
}
