// Pointing the diagram at the elements the server refused: a marker (red outline via CSS),
// an overlay badge with the message, and a list whose entries select and scroll to them.
import { h } from './dom';

const MARKER = 'aduan-issue';

export class IssueView {
  constructor(modeler, list) {
    this.modeler = modeler;
    this.list = list;
    this.marked = [];
  }

  clear() {
    const canvas = this.modeler.get('canvas');
    const registry = this.modeler.get('elementRegistry');
    this.marked.forEach((id) => { if (registry.get(id)) canvas.removeMarker(id, MARKER); });
    this.modeler.get('overlays').remove({ type: MARKER });
    this.marked = [];
    this.list.replaceChildren();
  }

  show(issues, okText) {
    this.clear();
    const registry = this.modeler.get('elementRegistry');
    const canvas = this.modeler.get('canvas');
    if (!issues.length) {
      this.list.appendChild(h('p', { class: 'flash flash-success', id: 'validation-ok', role: 'status', text: okText }));
      return;
    }
    const items = issues.map((issue) => {
      const element = issue.element_id ? registry.get(issue.element_id) : null;
      const name = element && element.businessObject.name;
      const label = (issue.element_id || '—') + (name ? ' (' + name + ')' : '');
      if (element) {
        if (!this.marked.includes(issue.element_id)) {
          canvas.addMarker(issue.element_id, MARKER);
          this.marked.push(issue.element_id);
          this.modeler.get('overlays').add(issue.element_id, MARKER, {
            position: { top: -14, right: 14 },
            html: h('span', { class: 'aduan-issue-badge', title: issue.message, text: '!' })
          });
        }
      }
      const jump = element
        ? h('button', { type: 'button', class: 'link', 'data-element-id': issue.element_id, text: label, onclick: () => this.focus(element) })
        : h('strong', { text: label });
      return h('li', { class: 'issue', 'data-element-id': issue.element_id || '' }, jump, ': ', h('span', { text: issue.message }));
    });
    this.list.appendChild(h('div', { class: 'error-summary', role: 'alert' },
      h('p', { text: 'Definisi ditolak: ' + issues.length + ' masalah. / Refused: ' + issues.length + ' issue(s).' }),
      h('ul', { id: 'issue-list' }, items)));
    const first = issues.map((i) => i.element_id && registry.get(i.element_id)).find(Boolean);
    if (first) this.focus(first);
  }

  focus(element) {
    this.modeler.get('selection').select(element);
    if (element.type !== 'bpmn:Process' && element.waypoints === undefined) {
      this.modeler.get('canvas').scrollToElement(element);
    }
  }
}
