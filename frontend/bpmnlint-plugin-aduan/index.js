// Aduan's conventions as bpmnlint rules. The server's engine/lint/ stays the authority
// (it runs on every save and deploy); these give the process owner the same hints while
// drawing. Rules are referenced by path so bpmnlint's packer can bundle them.
module.exports = {
  configs: {
    recommended: {
      rules: {
        'user-task-form': 'error',
        'user-task-status': 'error',
        'timer-rule': 'error',
        'lane-role': 'error',
        'end-event-status': 'error'
      }
    }
  },
  rules: {
    'user-task-form': './rules/user-task-form',
    'user-task-status': './rules/user-task-status',
    'timer-rule': './rules/timer-rule',
    'lane-role': './rules/lane-role',
    'end-event-status': './rules/end-event-status'
  }
};
