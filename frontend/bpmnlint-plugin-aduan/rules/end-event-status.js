const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:EndEvent') && ['closed', 'archived'].indexOf(properties(node).status) === -1) {
      reporter.report(node.id, 'End event needs a "status" property: closed or archived');
    }
  }
  return { check };
};
