// The admin's edit form: the definition with live validation of the cron through the preview,
// saved with PUT and If-Match. A 412 (someone saved first) is explained and the form reloaded.
import { explain, request } from '../api.js';
import { h, say } from '../ui.js';
import { cronPreview } from './preview.js';

const FIELDS = [
  ['cron', 'Cron', 'text'], ['timeZone', 'Time zone', 'text'], ['enabled', 'Enabled', 'checkbox'],
  ['dependsOn', 'Depends on (comma-separated)', 'list'], ['maxDuration', 'Max duration (ISO-8601)', 'text'],
  ['maxRetries', 'Retries', 'number'], ['retryBackoff', 'Retry backoff', 'text'],
  ['maxConsecutiveFailures', 'Suppress after failures', 'number'],
  ['dependencyWindow', 'Dependency window', 'text'], ['priority', 'Priority (1 first)', 'number'],
  ['misfirePolicy', 'Misfire policy', 'text'], ['config', 'Config (JSON)', 'json'],
];

export function editForm(slot, name, onSaved) {
  const message = h('div', { id: 'edit-message' });
  const preview = h('div', { class: 'preview full', id: 'edit-preview' });
  const inputs = {};
  let loaded = null;
  let etag = null;
  let timer = null;
  const form = h('form', { class: 'edit', id: 'edit-form', onSubmit: save });
  for (const [key, label, kind] of FIELDS) {
    const input = kind === 'json' ? h('textarea', { name: key, id: `edit-${key}` })
      : h('input', { name: key, id: `edit-${key}`, type: kind === 'checkbox' ? 'checkbox' : kind === 'number'
        ? 'number' : 'text' });
    inputs[key] = input;
    form.append(h('label', { for: `edit-${key}` }, label), input);
    if (key === 'timeZone') form.append(preview);
  }
  inputs.cron.addEventListener('input', previewSoon);
  inputs.timeZone.addEventListener('input', previewSoon);
  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'edit-save' }, 'Save');
  form.append(h('div', { class: 'full actions' }, saveButton,
    h('button', { type: 'button', onClick: () => load() }, 'Discard changes')));
  slot.replaceChildren(h('section', { class: 'panel' }, h('h2', {}, 'Edit (admin)'), message, form));
  load();

  function previewSoon() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      saveButton.disabled = !(await cronPreview(preview, inputs.cron.value, inputs.timeZone.value || 'UTC'));
    }, 250);
  }

  async function load(explanation) {
    const response = await request('GET', `/api/schedules/${name}`);
    loaded = response.data;
    etag = response.etag;
    for (const [key, , kind] of FIELDS) {
      const value = loaded[key];
      if (kind === 'checkbox') inputs[key].checked = !!value;
      else if (kind === 'list') inputs[key].value = (value || []).join(', ');
      else if (kind === 'json') inputs[key].value = JSON.stringify(value || {}, null, 2);
      else inputs[key].value = value === null || value === undefined ? '' : value;
    }
    say(message, explanation ? 'error' : null, explanation);
    previewSoon();
  }

  function body() {
    const out = { ...loaded };
    for (const [key, , kind] of FIELDS) {
      const input = inputs[key];
      if (kind === 'checkbox') out[key] = input.checked;
      else if (kind === 'list') out[key] = input.value.split(',').map((s) => s.trim()).filter(Boolean);
      else if (kind === 'number') out[key] = input.value === '' ? null : Number(input.value);
      else if (kind === 'json') out[key] = JSON.parse(input.value || '{}');
      else out[key] = input.value;
    }
    return out;
  }

  async function save(event) {
    event.preventDefault();
    let definition;
    try {
      definition = body();
    } catch (e) {
      say(message, 'error', `config: not valid JSON (${e.message})`);
      return;
    }
    try {
      await request('PUT', `/api/schedules/${name}`, { body: definition, ifMatch: etag });
      await load();
      say(message, 'ok', 'Saved.');
      onSaved();
    } catch (e) {
      if (e.status === 412) {
        await load('Not saved: someone changed this schedule after you opened the form (412). The form now'
          + ' shows the current definition; make your change again.');
      } else {
        say(message, 'error', `Not saved: ${explain(e)}`);
      }
    }
  }
}
