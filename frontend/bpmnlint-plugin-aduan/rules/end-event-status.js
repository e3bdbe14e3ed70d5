const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

// Written from domain/enums.py (domain/processes/vocabulary.py); shared with the studio.
const STATUSES = require('../../vocabulary.json').end_statuses;

// The server's rule (engine/lint/lanes.py, end_status_issues): an end event reached only from
// non-interrupting timers ends that side branch, not the case, so it has no status; every
// other end event sets the case's final status.
function endsSideBranch(node) {
  const incoming = node.incoming || [];
  return incoming.length > 0 && incoming.every((flow) => {
    const source = flow.sourceRef;
    return source && is(source, 'bpmn:BoundaryEvent') && source.cancelActivity === false;
  });
}

module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:EndEvent')) return;
    const status = properties(node).status;
    if (endsSideBranch(node)) {
      if (status !== undefined) {
        reporter.report(node.id, 'End event after a non-interrupting timer ends only that branch; drop its status');
      }
    } else if (STATUSES.indexOf(status) === -1) {
      reporter.report(node.id, 'End event needs a "status" property: ' + STATUSES.join(' or '));
    }
  }
  return { check };
};
