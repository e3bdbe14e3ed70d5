const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

// Written from domain/enums.py (domain/processes/vocabulary.py); shared with the studio.
const STATUSES = require('../../vocabulary.json').end_statuses;

module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:EndEvent') && STATUSES.indexOf(properties(node).status) === -1) {
      reporter.report(node.id, 'End event needs a "status" property: ' + STATUSES.join(' or '));
    }
  }
  return { check };
};
