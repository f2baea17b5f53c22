// Writes one JSON file per jest project run with its pass/fail counts, so CI can print a single
// "N passed, N failed" line summed over every suite (Nx's own summary counts tasks, not tests).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class ResultsReporter {
  constructor(globalConfig, options) {
    this.name = options.name;
    this.dir = join(__dirname, '..', '..', 'dist', 'test-results', 'jest');
  }

  onRunComplete(_contexts, results) {
    mkdirSync(this.dir, { recursive: true });
    const failedSuites = results.testResults.filter((r) => r.testExecError).length;
    writeFileSync(
      join(this.dir, `${this.name}.json`),
      JSON.stringify({
        name: this.name,
        passed: results.numPassedTests,
        // A suite that failed to load has no failed tests; count it so it cannot pass unnoticed.
        failed: results.numFailedTests + failedSuites,
        skipped: results.numPendingTests + results.numTodoTests,
        suites: results.numTotalTestSuites,
      }),
    );
  }
}

module.exports = ResultsReporter;
