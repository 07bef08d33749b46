// The dependency graph (Cytoscape.js laid out by dagre): each schedule coloured by its state,
// BLOCKED ones outlined, a missing dependency drawn as a dashed node and a cycle's edges in red.
import { explain, get } from '../api.js';
import { badge, every, h, link, say } from '../ui.js';

const POLL_MS = 5000;
const FILL = { NORMAL: '#e8f3e9', PAUSED: '#fbf1dc', SUPPRESSED: '#fbe6e5', BLOCKED: '#fbe6e5',
  RUNNING: '#e4eef9', DISABLED: '#eceff2' };
const INK = { NORMAL: '#2e7d32', PAUSED: '#8a5a00', SUPPRESSED: '#a12622', BLOCKED: '#a12622',
  RUNNING: '#1d5fa8', DISABLED: '#5f6b76' };

export function graphPage(root) {
  const message = h('div');
  const canvas = h('div', { id: 'graph' });
  const problems = h('ul', { id: 'graph-problems' });
  root.append(h('h1', {}, 'Dependency graph'),
    h('div', { class: 'legend' }, Object.keys(FILL).map((s) => badge(s)),
      h('span', { class: 'muted small' }, 'Arrows point from a dependency to the schedule that waits for it;'
        + ' dashed: a name no schedule has. Click a schedule to open it.')),
    message, canvas, h('section', { class: 'panel' }, h('h2', {}, 'What blocks'), problems));
  let cy = null;
  let shape = null;

  async function refresh() {
    try {
      const [dag, schedules] = await Promise.all([get('/api/dag'), get('/api/schedules')]);
      const elements = elementsOf(dag, schedules);
      const key = JSON.stringify(elements.map((e) => e.data.id));
      if (!cy || key !== shape) {
        shape = key;
        if (cy) cy.destroy();
        cy = draw(canvas, elements);
        window.guardianGraph = cy;
      } else {
        elements.filter((e) => !e.data.source).forEach((e) => cy.getElementById(e.data.id).data(e.data));
      }
      drawProblems(problems, dag.problems);
      say(message, null, null);
    } catch (e) {
      say(message, 'error', explain(e));
    }
  }

  const stop = every(POLL_MS, refresh);
  return () => {
    stop();
    if (cy) cy.destroy();
    window.guardianGraph = undefined;
  };
}

function elementsOf(dag, schedules) {
  const byName = new Map(schedules.map((s) => [s.name, s]));
  const cycle = new Set(Object.entries(dag.problems).filter(([, why]) => why.startsWith('dependency cycle'))
    .map(([name]) => name));
  const nodes = schedules.map((s) => ({ data: { id: s.name, label: `${s.name}\n${s.state}`, state: s.state,
    width: widthOf(s.name), fill: FILL[s.state] || '#fff', ink: INK[s.state] || '#333',
    blocked: s.state === 'BLOCKED' ? 1 : 0 } }));
  const edges = [];
  const missing = new Set();
  for (const s of schedules) {
    for (const dependency of s.dependsOn) {
      if (!byName.has(dependency)) missing.add(dependency);
      edges.push({ data: { id: `${dependency}->${s.name}`, source: byName.has(dependency) ? dependency
        : `missing:${dependency}`, target: s.name, cycle: cycle.has(dependency) && cycle.has(s.name) ? 1 : 0 } });
    }
  }
  const ghosts = [...missing].map((name) => ({ data: { id: `missing:${name}`, label: `${name}\n(no such schedule)`,
    state: 'MISSING', width: widthOf(`${name}  `), fill: '#fff', ink: '#a12622', missing: 1 } }));
  return [...nodes, ...ghosts, ...edges];
}

/** Room for a name in the 11 px label font (Cytoscape no longer sizes a node to its label). */
function widthOf(name) {
  return Math.max(90, name.length * 6.4 + 12);
}

function draw(container, elements) {
  const cy = window.cytoscape({
    container, elements, autoungrabify: true, wheelSensitivity: 0.3,
    layout: { name: 'dagre', rankDir: 'LR', nodeSep: 24, rankSep: 90 },
    style: [
      { selector: 'node', style: { shape: 'round-rectangle', width: 'data(width)', height: 30, padding: '8px',
        label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 11,
        'background-color': 'data(fill)', color: 'data(ink)', 'border-width': 1, 'border-color': 'data(ink)' } },
      { selector: 'node[blocked = 1]', style: { 'border-width': 3, 'border-color': '#a12622' } },
      { selector: 'node[missing = 1]', style: { 'border-style': 'dashed', 'border-width': 2 } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#9aa5b1', 'target-arrow-color': '#9aa5b1',
        'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
      { selector: 'edge[cycle = 1]', style: { width: 3, 'line-color': '#a12622', 'target-arrow-color': '#a12622' } },
      { selector: 'edge[source ^= "missing:"]', style: { 'line-style': 'dashed', 'line-color': '#a12622',
        'target-arrow-color': '#a12622' } },
    ],
  });
  cy.on('tap', 'node', (event) => {
    const id = event.target.id();
    if (!id.startsWith('missing:')) location.hash = `#/schedules/${id}`;
  });
  return cy;
}

function drawProblems(list, problems) {
  const entries = Object.entries(problems);
  list.replaceChildren(...entries.map(([name, why]) => h('li', { 'data-schedule': name },
    link(`#/schedules/${name}`, name), ': ', why)));
  if (!entries.length) list.append(h('li', { class: 'muted' }, 'Nothing: every dependency exists and there is no cycle.'));
}
