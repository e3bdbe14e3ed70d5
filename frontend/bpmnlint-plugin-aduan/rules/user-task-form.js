const { is } = require('bpmnlint-utils');
const { properties } = require('./helpers');

// A user task shows a form: without a `form` property the officer would get nothing to fill.
module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:UserTask') && !properties(node).form) {
      reporter.report(node.id, 'User task needs a "form" property (a form key)');
    }
  }
  return { check };
};
