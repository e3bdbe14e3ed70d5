// The draft's scenarios next to the diagram: a JSON editor (given / when / then, the format
// of domain/processes/scenario_format.py) and the pass/fail list the server's run returns,
// each with the path taken. The server runs them (validation, approval); nothing runs here.
import { h, postJSON } from './dom';

export function showScenarioResults(list, rows) {
  list.replaceChildren();
  if (!rows || !rows.length) {
    list.appendChild(h('p', { class: 'muted', text: 'Belum ada skenario. / No scenarios yet.' }));
    return;
  }
  const failed = rows.filter((r) => !r.passed).length;
  list.appendChild(h('p', { id: 'scenario-summary', class: failed ? 'error' : 'flash flash-success',
    text: (rows.length - failed) + ' / ' + rows.length + ' skenario lulus / scenarios pass' }));
  const items = rows.map((row) => h('li', { class: 'scenario ' + (row.passed ? 'scenario-pass' : 'scenario-fail'),
    'data-name': row.name, 'data-passed': row.passed ? 'yes' : 'no' },
  h('strong', { text: (row.passed ? '✔ lulus / passed: ' : '✘ gagal / failed: ') + row.name }),
  row.failures.length ? h('ul', {}, row.failures.map((f) => h('li', { class: 'scenario-failure', text: f }))) : null,
  h('p', { class: 'scenario-path mono small', text: 'Jalur / Path: ' + row.path.join(' → ') +
    (row.waiting.length ? ' … ' + row.waiting.join(', ') : '') })));
  list.appendChild(h('ul', { class: 'scenarios' }, items));
}

export function scenarioEditor(root, csrf, say, validate) {
  const text = document.getElementById('scenarios-json');
  const button = document.getElementById('btn-save-scenarios');
  if (!text || !button) return;
  button.addEventListener('click', async () => {
    let scenarios;
    try {
      scenarios = JSON.parse(text.value || '[]');
    } catch (err) {
      say('Skenario bukan JSON yang sah / Scenarios are not valid JSON: ' + err.message);
      return;
    }
    button.disabled = true;
    try {
      const result = await postJSON(root.getAttribute('data-save-url'), { scenarios }, csrf);
      if (!result.ok) {
        const error = (result.data && result.data.error) || {};
        say('Skenario ditolak / Scenarios refused: ' + (error.message || result.status) +
          (error.details ? ' ' + JSON.stringify(error.details) : ''));
        return;
      }
      say('Skenario tersimpan / Scenarios saved');
      await validate();
    } finally {
      button.disabled = false;
    }
  });
}
