// An honest palette: the modeler offers only the element kinds the server accepts.
// The list is the server's allow-list (engine/lint/structure.py, accepted_kinds), written into
// frontend/vocabulary.json; nothing here names a kind of its own. Three places create
// elements in bpmn-js, and each gets an updater that drops what the server would refuse:
// the palette, the context pad's "append" entries and the replace (wrench) menu.
import { PopupEntries } from 'bpmn-js/lib/features/popup-menu/PopupEntries';

import vocabulary from '../vocabulary.json';

const KINDS = vocabulary.element_kinds;

function kindOf(type) {
  const local = String(type || '').replace(/^bpmn:/, '');
  return local.charAt(0).toLowerCase() + local.slice(1);
}

// A target { type, eventDefinitionType } the server accepts: its kind is allowed, and it holds
// one of the kind's event definitions when the kind needs one, none otherwise.
export function accepted(target) {
  const definitions = KINDS[kindOf(target.type)];
  if (!definitions) return false;
  if (target.isExpanded || target.triggeredByEvent) return false;
  if (!target.eventDefinitionType) return definitions.length === 0;
  return definitions.indexOf(kindOf(target.eventDefinitionType)) !== -1;
}

// What may be created, in palette order; each is shown only if `accepted` says so.
const CREATABLE = [
  ['start-event', 'bpmn:StartEvent', null, 'event', 'bpmn-icon-start-event-none', 'Start'],
  ['timer-event', 'bpmn:IntermediateCatchEvent', 'bpmn:TimerEventDefinition', 'event',
    'bpmn-icon-intermediate-event-catch-timer', 'Timer (tarik ke tugas: batas waktu)'],
  ['end-event', 'bpmn:EndEvent', null, 'event', 'bpmn-icon-end-event-none', 'Selesai / End'],
  ['exclusive-gateway', 'bpmn:ExclusiveGateway', null, 'gateway', 'bpmn-icon-gateway-xor', 'Gateway XOR'],
  ['parallel-gateway', 'bpmn:ParallelGateway', null, 'gateway', 'bpmn-icon-gateway-parallel', 'Gateway AND'],
  ['user-task', 'bpmn:UserTask', null, 'activity', 'bpmn-icon-user-task', 'Tugas petugas / User task'],
  ['manual-task', 'bpmn:ManualTask', null, 'activity', 'bpmn-icon-manual-task', 'Tugas manual / Manual task'],
  ['script-task', 'bpmn:ScriptTask', null, 'activity', 'bpmn-icon-script-task', 'Skrip / Script task'],
  ['rule-task', 'bpmn:BusinessRuleTask', null, 'activity', 'bpmn-icon-business-rule-task', 'Tabel keputusan / Business rule task']
].map(([id, type, eventDefinitionType, group, className, title]) => (
  { id, type, eventDefinitionType, group, className, title }
)).filter(accepted);

function shapeOptions(item) {
  return item.eventDefinitionType ? { eventDefinitionType: item.eventDefinitionType } : {};
}

function HonestPalette(palette, create, elementFactory) {
  this.getPaletteEntries = function() {
    return function(entries) {
      const kept = {};
      Object.keys(entries).forEach((id) => {
        if (entries[id].group === 'tools') kept[id] = entries[id];
      });
      CREATABLE.forEach((item) => {
        const start = (event) => create.start(event, elementFactory.createShape(
          Object.assign({ type: item.type }, shapeOptions(item))));
        kept['create.' + item.id] = { group: item.group, className: item.className,
          title: item.title, action: { dragstart: start, click: start } };
      });
      return kept;
    };
  };
  palette.registerProvider(500, this);
}
HonestPalette.$inject = ['palette', 'create', 'elementFactory'];

function HonestContextPad(contextPad, elementFactory, autoPlace) {
  this.getContextPadEntries = function(element) {
    return function(entries) {
      const kept = {};
      Object.keys(entries).forEach((id) => {
        if (id.indexOf('append.') !== 0 || id === 'append.text-annotation') kept[id] = entries[id];
      });
      if (!entries['append.end-event'] && !entries['append.append-task']) return kept;
      ['user-task', 'exclusive-gateway', 'timer-event', 'end-event'].forEach((name) => {
        const item = CREATABLE.find((c) => c.id === name);
        if (!item) return;
        kept['append.' + name] = { group: 'model', className: item.className, title: item.title,
          action: { click: (event, source) => autoPlace.append(source, elementFactory.createShape(
            Object.assign({ type: item.type }, shapeOptions(item)))) } };
      });
      return kept;
    };
  };
  contextPad.registerProvider(500, this);
}
HonestContextPad.$inject = ['contextPad', 'elementFactory', 'autoPlace'];

// actionName -> target of every replace option bpmn-js knows (its ids are 'replace-with-' + key).
const REPLACE_TARGETS = {};
Object.keys(PopupEntries).forEach((key) => {
  REPLACE_TARGETS['replace-with-' + key] = PopupEntries[key].target || {};
});
REPLACE_TARGETS['replace-with-ad-hoc-subprocess'] = { type: 'bpmn:AdHocSubProcess' };

// Sequence flow options (plain, default, conditional) change no element kind: they stay.
function replaceAllowed(id) {
  const target = REPLACE_TARGETS[id];
  if (!target) return /-flow$/.test(id);
  return accepted(target);
}

function HonestReplaceMenu(popupMenu) {
  this.getPopupMenuEntries = function() {
    return function(entries) {
      const kept = {};
      Object.keys(entries).forEach((id) => {
        if (replaceAllowed(id)) kept[id] = entries[id];
      });
      return kept;
    };
  };
  // Loops, multi-instances, collections and ad-hoc markers are refused by the server; an
  // interrupting / non-interrupting switch of a boundary timer is not.
  this.getPopupMenuHeaderEntries = function() {
    return function(entries) {
      return entries['toggle-non-interrupting']
        ? { 'toggle-non-interrupting': entries['toggle-non-interrupting'] } : {};
    };
  };
  popupMenu.registerProvider('bpmn-replace', 500, this);
}
HonestReplaceMenu.$inject = ['popupMenu'];

export default {
  __init__: ['honestPalette', 'honestContextPad', 'honestReplaceMenu'],
  honestPalette: ['type', HonestPalette],
  honestContextPad: ['type', HonestContextPad],
  honestReplaceMenu: ['type', HonestReplaceMenu]
};
