const { is } = require('bpmnlint-utils');

// Written from domain/enums.py (domain/processes/vocabulary.py); shared with the studio.
const ROLES = require('../../vocabulary.json').roles;

// A lane's name is the role that gets its tasks (docs/bpmn-conventions.md).
module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:Lane') && ROLES.indexOf(node.name) === -1) {
      reporter.report(node.id, 'Lane name must be a role: ' + ROLES.join(', '));
    }
  }
  return { check };
};
