// The routing tables: dmn-js's decision-table editor on a draft's DMN file.
import DmnModeler from 'dmn-js/lib/Modeler';

import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn.css';
import './studio.css';

import { postJSON } from './dom';

async function main() {
  const root = document.getElementById('studio-dmn');
  if (!root) return;
  const status = document.getElementById('dmn-status');
  const modeler = new DmnModeler({ container: document.getElementById('dmn-canvas') });
  window.aduanDmn = modeler;
  const response = await fetch(root.getAttribute('data-dmn-url'), { credentials: 'same-origin' });
  await modeler.importXML(await response.text());
  const table = modeler.getViews().find((view) => view.type === 'decisionTable');
  if (table) await modeler.open(table);
  document.getElementById('btn-dmn-save').addEventListener('click', async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const result = await postJSON(root.getAttribute('data-save-url'), { dmn: xml }, root.getAttribute('data-csrf'));
    status.textContent = result.ok ? 'Tabel tersimpan di draf. / Table saved to the draft.'
      : 'Gagal / Failed: ' + ((result.data && result.data.error && result.data.error.message) || result.status);
  });
}

main();
