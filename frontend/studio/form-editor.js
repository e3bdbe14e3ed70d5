// The JSON Schema form editor: the form's JSON in a textarea and, beside it, the form as an
// officer will see it, rendered by the server with the desk's own renderer (forms/render.py)
// so the preview cannot drift from the real thing.
import './studio.css';

import { postJSON } from './dom';

function main() {
  const root = document.getElementById('studio-forms');
  if (!root) return;
  const source = document.getElementById('form-json');
  const preview = document.getElementById('form-preview');
  const csrf = root.getAttribute('data-csrf');
  let timer = null;
  let seq = 0;

  async function refresh() {
    const mine = ++seq;
    let form;
    try {
      form = JSON.parse(source.value);
    } catch (err) {
      preview.replaceChildren(Object.assign(document.createElement('p'), { className: 'error', textContent: 'JSON: ' + err.message }));
      return;
    }
    const response = await fetch(root.getAttribute('data-preview-url'), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify({ key: root.getAttribute('data-form-key'), form })
    });
    if (mine !== seq) return;
    // The server renders through autoescaping templates; the HTML is ours, not the user's.
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    preview.replaceChildren(...doc.body.childNodes);
  }

  source.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  refresh();

  const save = document.getElementById('btn-form-save');
  if (save) {
    save.addEventListener('click', async () => {
      let form;
      try { form = JSON.parse(source.value); } catch (err) { return; }
      const result = await postJSON(root.getAttribute('data-save-url'), { key: root.getAttribute('data-form-key'), form }, csrf);
      document.getElementById('form-status').textContent = result.ok ? 'Formulir tersimpan di draf. / Saved to the draft.'
        : 'Gagal / Failed: ' + ((result.data && result.data.error && result.data.error.message) || result.status);
    });
  }
}

main();
