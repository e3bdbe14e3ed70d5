// The properties panel for what Aduan reads from a diagram (docs/bpmn-conventions.md):
// lanes (role names), user tasks (form, status, escalation, instructions), timers
// (working_days(n) and the legal rule), end events (status). Written against bpmn-js's
// modeling API (updateProperties / updateModdleProperties), so every edit is undoable and
// lands in the moddle tree that saveXML writes; the spiffworkflow types come from our own
// moddle descriptor (spiffworkflow.json). A small panel we own was chosen over
// bpmn-js-properties-panel: that one brings a Preact UI, its own provider API and the
// Camunda-specific defaults, and would still need a custom provider for every field here.
import { h } from './dom';
// Written from domain/enums.py (domain/processes/vocabulary.py); never edit the lists here.
import vocabulary from '../vocabulary.json';

const ROLES = vocabulary.roles;
const TASK_STATUSES = vocabulary.task_statuses;
const END_STATUSES = vocabulary.end_statuses;
const WORKING_DAYS = /^\s*working_days\(\s*(\d+)\s*\)\s*$/;

function extension(bo, type) {
  const values = (bo.extensionElements && bo.extensionElements.get('values')) || [];
  return values.find((v) => v.$instanceOf(type));
}

export function readProperties(bo) {
  const props = extension(bo, 'spiffworkflow:Properties');
  const result = {};
  ((props && props.get('properties')) || []).forEach((p) => { result[p.name] = p.value; });
  return result;
}

function timerDefinition(bo) {
  return (bo.eventDefinitions || []).find((d) => d.$instanceOf('bpmn:TimerEventDefinition'));
}

export class PropertiesPanel {
  constructor(modeler, container, options) {
    this.modeler = modeler;
    this.container = container;
    this.options = options; // { forms: [keys], rules: [{id, label, working_days}] }
    this.element = null;
    modeler.on('selection.changed', (e) => this.show(e.newSelection[0] || null));
    modeler.on('element.changed', (e) => {
      if (this.element && e.element.id === this.element.id && !this.editing) this.show(e.element);
    });
    this.show(null);
  }

  get moddle() { return this.modeler.get('moddle'); }
  get modeling() { return this.modeler.get('modeling'); }

  ensureExtensions(element) {
    const bo = element.businessObject;
    if (!bo.extensionElements) {
      const ext = this.moddle.create('bpmn:ExtensionElements', { values: [] });
      this.modeling.updateProperties(element, { extensionElements: ext });
    }
    return bo.extensionElements;
  }

  setProperty(element, name, value) {
    const ext = this.ensureExtensions(element);
    let props = extension(element.businessObject, 'spiffworkflow:Properties');
    if (!props) {
      props = this.moddle.create('spiffworkflow:Properties', { properties: [] });
      this.modeling.updateModdleProperties(element, ext, { values: [...ext.get('values'), props] });
    }
    const list = props.get('properties');
    const existing = list.find((p) => p.name === name);
    if (!value) {
      if (existing) {
        this.modeling.updateModdleProperties(element, props, { properties: list.filter((p) => p !== existing) });
      }
    } else if (existing) {
      this.modeling.updateModdleProperties(element, existing, { value });
    } else {
      const prop = this.moddle.create('spiffworkflow:Property', { name, value });
      this.modeling.updateModdleProperties(element, props, { properties: [...list, prop] });
    }
  }

  setInstructions(element, text) {
    const ext = this.ensureExtensions(element);
    const current = extension(element.businessObject, 'spiffworkflow:InstructionsForEndUser');
    if (current && !text) {
      this.modeling.updateModdleProperties(element, ext, { values: ext.get('values').filter((v) => v !== current) });
    } else if (current) {
      this.modeling.updateModdleProperties(element, current, { text });
    } else if (text) {
      const node = this.moddle.create('spiffworkflow:InstructionsForEndUser', { text });
      this.modeling.updateModdleProperties(element, ext, { values: [node, ...ext.get('values')] });
    }
  }

  setTimerDays(element, days) {
    const timer = timerDefinition(element.businessObject);
    const body = 'working_days(' + parseInt(days, 10) + ')';
    const expression = this.moddle.create('bpmn:FormalExpression', { body });
    this.modeling.updateModdleProperties(element, timer, { timeDate: expression, timeDuration: undefined, timeCycle: undefined });
  }

  field(label, id, input, help) {
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
      help ? h('p', { class: 'help', text: help }) : null);
  }

  input(id, value, onchange, attrs) {
    return h('input', { id, type: 'text', value: value || '', onchange: (e) => this.apply(() => onchange(e.target.value)), ...(attrs || {}) });
  }

  select(id, value, options, onchange) {
    const el = h('select', { id, onchange: (e) => this.apply(() => onchange(e.target.value)) },
      h('option', { value: '', text: '—' }),
      options.map(([v, label]) => h('option', { value: v, text: label, selected: v === value })));
    if (value && !options.some(([v]) => v === value)) el.appendChild(h('option', { value, text: value, selected: true }));
    return el;
  }

  apply(change) {
    this.editing = true;
    try { change(); } finally { this.editing = false; }
  }

  show(element) {
    this.element = element;
    this.container.replaceChildren();
    if (!element || element.type === 'label') {
      this.container.appendChild(h('p', { class: 'muted', text: 'Pilih elemen untuk melihat propertinya. / Select an element.' }));
      return;
    }
    const bo = element.businessObject;
    const props = readProperties(bo);
    const rows = [h('h3', { text: bo.$type.replace('bpmn:', '') }), h('p', { class: 'mono small', id: 'prop-id', text: bo.id })];
    if (bo.$instanceOf('bpmn:Lane')) {
      rows.push(this.field('Peran / Role (lane name)', 'prop-lane',
        this.select('prop-lane', bo.name, ROLES.map((r) => [r, r]), (v) => this.modeling.updateProperties(element, { name: v }))));
    } else if (!bo.$instanceOf('bpmn:Process') && !bo.$instanceOf('bpmn:Collaboration')) {
      rows.push(this.field('Nama / Name', 'prop-name',
        this.input('prop-name', bo.name, (v) => this.modeling.updateProperties(element, { name: v }))));
    }
    if (bo.$instanceOf('bpmn:UserTask') || bo.$instanceOf('bpmn:ManualTask')) {
      if (bo.$instanceOf('bpmn:UserTask')) {
        rows.push(this.field('Formulir / Form', 'prop-form',
          this.select('prop-form', props.form, this.options.forms.map((f) => [f, f]), (v) => this.setProperty(element, 'form', v))));
      }
      rows.push(this.field('Status kasus / Case status', 'prop-status',
        this.select('prop-status', props.status, TASK_STATUSES.map((s) => [s, s]), (v) => this.setProperty(element, 'status', v))));
      rows.push(this.field('Eskalasi / Escalation level', 'prop-escalation',
        this.input('prop-escalation', props.escalation, (v) => this.setProperty(element, 'escalation', v.trim()), { inputmode: 'numeric' }),
        'Kosong, 1, 2, ...'));
      const instructions = extension(bo, 'spiffworkflow:InstructionsForEndUser');
      const area = h('textarea', { id: 'prop-instructions', rows: '4',
        onchange: (e) => this.apply(() => this.setInstructions(element, e.target.value)) });
      area.value = (instructions && instructions.text) || '';
      rows.push(this.field('Petunjuk untuk petugas / Instructions', 'prop-instructions', area));
    }
    const timer = timerDefinition(bo);
    if (timer) {
      const expr = (timer.timeDate && timer.timeDate.body) || '';
      const match = WORKING_DAYS.exec(expr);
      rows.push(this.field('Batas waktu (hari kerja) / Deadline (working days)', 'prop-days',
        this.input('prop-days', match ? match[1] : '', (v) => this.setTimerDays(element, v), { type: 'number', min: '1', max: '365' }),
        'timeDate = working_days(n)' + (match ? '' : ' — now: ' + (expr || 'none'))));
      rows.push(this.field('Aturan hukum / Legal rule', 'prop-rule',
        this.select('prop-rule', props.rule, this.options.rules.map((r) => [r.id, r.id + ' — ' + r.label]), (v) => this.setProperty(element, 'rule', v))));
    }
    if (bo.$instanceOf('bpmn:EndEvent')) {
      rows.push(this.field('Status akhir / Final status', 'prop-end-status',
        this.select('prop-end-status', props.status, END_STATUSES.map((s) => [s, s]), (v) => this.setProperty(element, 'status', v))));
    }
    rows.forEach((row) => this.container.appendChild(row));
  }
}
