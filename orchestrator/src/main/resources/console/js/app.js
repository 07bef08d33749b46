// The console: log in, then one page per hash route. Each page renders into <main> and returns a
// function that stops its polling when another page is opened.
import { ApiError, get, onLoginNeeded, request } from './api.js';
import { schedulesPage } from './pages/schedules.js';
import { schedulePage } from './pages/schedule.js';
import { runsPage } from './pages/runs.js';
import { runPage } from './pages/run.js';
import { graphPage } from './pages/graph.js';
import { clusterPage } from './pages/cluster.js';

const ROUTES = [
  [/^#\/schedules\/?$/, 'schedules', schedulesPage],
  [/^#\/schedules\/([a-z][a-z0-9_]*)$/, 'schedules', schedulePage],
  [/^#\/runs\/(\d+)$/, 'runs', runPage],
  [/^#\/runs(?:\?(.*))?$/, 'runs', runsPage],
  [/^#\/graph$/, 'graph', graphPage],
  [/^#\/cluster$/, 'cluster', clusterPage],
];

let session = null;
let stopPage = null;
const $ = (id) => document.getElementById(id);

function showLogin(message) {
  session = null;
  if (stopPage) stopPage();
  stopPage = null;
  $('top').hidden = true;
  $('cluster-paused').hidden = true;
  $('view').replaceChildren();
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-user').focus();
}

function showApp() {
  $('login').hidden = true;
  $('top').hidden = false;
  $('who').textContent = `${session.user} (${session.role})`;
  route();
}

function route() {
  if (!session) return;
  if (stopPage) stopPage();
  const hash = location.hash || '#/schedules';
  const found = ROUTES.find(([pattern]) => pattern.test(hash));
  if (!found) {
    location.hash = '#/schedules';
    return;
  }
  const [pattern, nav, page] = found;
  const match = hash.match(pattern);
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
  const view = $('view');
  view.replaceChildren();
  stopPage = page(view, { session, param: match[1] ? decodeURIComponent(match[1]) : undefined, clusterPaused });
}

function clusterPaused(paused) {
  $('cluster-paused').hidden = !paused;
}

async function logIn(event) {
  event.preventDefault();
  const form = event.target;
  $('login-error').textContent = '';
  try {
    const { data } = await request('POST', '/api/session',
      { body: { user: form.user.value.trim(), password: form.password.value } });
    form.password.value = '';
    session = data;
    showApp();
  } catch (e) {
    $('login-error').textContent = e instanceof ApiError && e.status === 401 ? 'Wrong user or password.'
      : e.message;
  }
}

async function logOut() {
  try {
    await request('DELETE', '/api/session');
  } finally {
    showLogin('Logged out.');
  }
}

async function start() {
  onLoginNeeded(() => {
    if (session) showLogin('Your session has ended: log in again.');
  });
  $('login-form').addEventListener('submit', logIn);
  $('logout').addEventListener('click', logOut);
  window.addEventListener('hashchange', route);
  try {
    session = await get('/api/session');
    showApp();
  } catch (e) {
    showLogin();
  }
}

start();
