const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

// Written from domain/enums.py (domain/processes/vocabulary.py); shared with the studio.
const STATUSES = require('../../vocabulary.json').task_statuses;

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
