const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

const WORKING_DAYS = /^\s*working_days\(\s*\d+\s*\)\s*$/;

// Deadlines are legal rules counted in working days: a timer names its rule and computes
// its due time with working_days(n) (ISO durations would count calendar days).
module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:BoundaryEvent') && !is(node, 'bpmn:IntermediateCatchEvent')) {
      return;
    }
    const timers = (node.eventDefinitions || []).filter(function(d) {
      return is(d, 'bpmn:TimerEventDefinition');
    });
    if (!timers.length) {
      return;
    }
    if (!properties(node).rule) {
      reporter.report(node.id, 'Timer needs a "rule" property naming its legal rule');
    }
    const timeDate = timers[0].timeDate;
    if (!timeDate || !WORKING_DAYS.test(timeDate.body || '')) {
      reporter.report(node.id, 'Timer needs a timeDate of the form working_days(n)');
    }
  }
  return { check };
};
