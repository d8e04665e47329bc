// Mocha reporter: the spec reporter's output, then one last line `N passed, N failed`
// that CI and people grep for. Pending tests are reported on the line before.
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor (runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      if (s.pending > 0) process.stdout.write(`${s.pending} pending\n`);
      process.stdout.write(`${s.passes} passed, ${s.failures} failed\n`);
    });
  }
}

module.exports = SummaryReporter;
