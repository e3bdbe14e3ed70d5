const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

const STATUSES = ['verification', 'hold', 'follow_up', 'responded'];

// The case status while a task waits comes from the task's `status` property.
module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask') && !is(node, 'bpmn:ManualTask')) {
      return;
    }
    const status = properties(node).status;
    if (STATUSES.indexOf(status) === -1) {
      reporter.report(node.id, 'Task needs a "status" property: ' + STATUSES.join(', '));
    }
  }
  return { check };
};
