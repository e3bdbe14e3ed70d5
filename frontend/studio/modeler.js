// The studio's modeler page: bpmn-js with our properties panel, live lint (bpmnlint's
// recommended rules plus Aduan's, packed at build time), save / validate / submit against
// the server, which stays the authority: it runs the same checks as the deploy command.
import Modeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './studio.css';

import bpmnlintConfig from '../.bpmnlintrc';
import spiffworkflow from './spiffworkflow.json';
import { h, jsonData, postJSON } from './dom';
import { IssueView } from './issues';
import { PropertiesPanel } from './properties';
import honestPalette from './palette';
import { scenarioEditor, showScenarioResults } from './scenarios';

async function main() {
  const root = document.getElementById('studio-modeler');
  if (!root) return;
  const csrf = root.getAttribute('data-csrf');
  const status = document.getElementById('modeler-status');
  const say = (text) => { status.textContent = text; };

  const modeler = new Modeler({
    container: document.getElementById('canvas'),
    moddleExtensions: { spiffworkflow },
    additionalModules: [lintModule, honestPalette],
    linting: { bpmnlint: bpmnlintConfig, active: true }
  });
  window.aduanModeler = modeler; // for the browser tests and the curious
  new PropertiesPanel(modeler, document.getElementById('properties'), {
    forms: jsonData(root, 'forms') || [],
    rules: jsonData(root, 'rules') || []
  });
  const issues = new IssueView(modeler, document.getElementById('issues'));

  const response = await fetch(root.getAttribute('data-bpmn-url'), { credentials: 'same-origin' });
  const { warnings } = await modeler.importXML(await response.text());
  modeler.get('canvas').zoom('fit-viewport');
  if (warnings.length) say('Diagram dimuat dengan ' + warnings.length + ' peringatan.');
  const initial = jsonData(root, 'issues');
  if (initial && initial.length) issues.show(initial, '');

  async function save() {
    const { xml } = await modeler.saveXML({ format: true });
    const result = await postJSON(root.getAttribute('data-save-url'), { bpmn: xml }, csrf);
    if (!result.ok) {
      say('Gagal menyimpan / Save failed: ' + ((result.data && result.data.error && result.data.error.message) || result.status));
      return false;
    }
    say('Draf tersimpan / Draft saved: ' + result.data.updated_at);
    return true;
  }

  async function validate() {
    if (!(await save())) return false;
    const result = await postJSON(root.getAttribute('data-validate-url'), {}, csrf);
    const found = (result.data && result.data.issues) || [];
    issues.show(found, 'Valid: definisi lolos semua pemeriksaan deploy. / Valid: passes every deploy check.');
    const results = document.getElementById('scenario-results');
    if (results && result.data) showScenarioResults(results, result.data.scenarios);
    return result.ok && !found.length;
  }

  scenarioEditor(root, csrf, say, validate);

  const busy = (button, work) => async () => {
    button.disabled = true;
    try { await work(); } catch (err) { say(String(err)); } finally { button.disabled = false; }
  };
  const saveButton = document.getElementById('btn-save');
  const validateButton = document.getElementById('btn-validate');
  saveButton.addEventListener('click', busy(saveButton, save));
  validateButton.addEventListener('click', busy(validateButton, validate));

  // Submitting saves and validates first; the form posts only when the draft is valid.
  const submitForm = document.getElementById('submit-form');
  if (submitForm) {
    submitForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (await validate()) submitForm.submit();
    });
  }

  // Open a .bpmn file from disk into the modeler (then validate or save it as the draft).
  const fileInput = document.getElementById('bpmn-file');
  if (fileInput) {
    fileInput.addEventListener('change', async () => {
      const file = fileInput.files[0];
      if (!file) return;
      issues.clear();
      try {
        await modeler.importXML(await file.text());
        modeler.get('canvas').zoom('fit-viewport');
        say('Berkas dimuat / File loaded: ' + file.name);
      } catch (err) {
        say('Berkas tidak dapat dibaca / Could not read the file: ' + err.message);
      }
    });
  }

  document.getElementById('btn-download').addEventListener('click', async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const link = h('a', { href: URL.createObjectURL(new Blob([xml], { type: 'application/xml' })), download: root.getAttribute('data-filename') });
    link.click();
  });
}

main();
