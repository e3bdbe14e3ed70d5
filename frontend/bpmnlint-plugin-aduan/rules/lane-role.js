const { is } = require('bpmnlint-utils');

const ROLES = ['coordinator', 'national_admin', 'liaison', 'supervisor', 'reporter'];

// A lane's name is the role that gets its tasks (docs/bpmn-conventions.md).
module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:Lane') && ROLES.indexOf(node.name) === -1) {
      reporter.report(node.id, 'Lane name must be a role: ' + ROLES.join(', '));
    }
  }
  return { check };
};
