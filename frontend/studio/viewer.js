// A deployed version, read-only (bpmn-js's NavigatedViewer), with the diff to the previous
// version drawn on it: added elements green, changed ones amber.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './studio.css';

import spiffworkflow from './spiffworkflow.json';
import { jsonData } from './dom';

async function main() {
  const root = document.getElementById('studio-viewer');
  if (!root) return;
  const viewer = new NavigatedViewer({ container: root, moddleExtensions: { spiffworkflow } });
  window.aduanViewer = viewer;
  const response = await fetch(root.getAttribute('data-bpmn-url'), { credentials: 'same-origin' });
  await viewer.importXML(await response.text());
  const canvas = viewer.get('canvas');
  canvas.zoom('fit-viewport');
  const registry = viewer.get('elementRegistry');
  const diff = jsonData(root, 'diff') || { added: [], changed: [] };
  diff.added.forEach((c) => registry.get(c.element_id) && canvas.addMarker(c.element_id, 'aduan-added'));
  diff.changed.forEach((c) => registry.get(c.element_id) && canvas.addMarker(c.element_id, 'aduan-changed'));
  document.querySelectorAll('[data-focus-element]').forEach((button) => {
    button.addEventListener('click', () => {
      const element = registry.get(button.getAttribute('data-focus-element'));
      if (element) canvas.scrollToElement(element);
    });
  });
}

main();
