// Built-in stand-in for https://jslib.k6.io/k6-summary/<version>/index.js.
// textSummary and humanizeValue are rendered natively by the runner (same code as its own
// end-of-test summary); jUnit and jUnitForChecks are written here.
function nativeOrThrow(name) {
  const f = globalThis[name];
  if (typeof f !== 'function') {
    throw new Error('k6-summary: this runner does not provide ' + name);
  }
  return f;
}

// The legacy end-of-test text summary for handleSummary's `data`.
// opts: { indent (' '), enableColors (true), summaryTimeUnit, summaryTrendStats }.
export function textSummary(data, opts) {
  return nativeOrThrow('__stampede_text_summary')(JSON.stringify(data), JSON.stringify(opts || {}));
}

// A metric value as the summary prints it (`1.5ms`, `12 kB`, `50.00%`).
export function humanizeValue(val, metric, timeUnit) {
  return nativeOrThrow('__stampede_humanize_value')(val, JSON.stringify(metric || {}), timeUnit || '');
}

function escapeXml(s) {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// A JUnit XML report with one test case per threshold (failed thresholds as failures).
// opts: { name } for the suite name (default "k6 thresholds").
export function jUnit(data, opts) {
  const cases = [];
  let failures = 0;
  const metrics = (data && data.metrics) || {};
  for (const metricName of Object.keys(metrics)) {
    const thresholds = metrics[metricName].thresholds;
    if (!thresholds) continue;
    for (const thresholdName of Object.keys(thresholds)) {
      const name = escapeXml(metricName) + ' - ' + escapeXml(thresholdName);
      if (thresholds[thresholdName].ok) {
        cases.push('<testcase name="' + name + '" />');
      } else {
        failures++;
        cases.push('<testcase name="' + name + '"><failure message="failed" /></testcase>');
      }
    }
  }
  const suite = opts && opts.name ? escapeXml(opts.name) : 'k6 thresholds';
  return (
    '<?xml version="1.0"?>\n<testsuites tests="' + cases.length + '" failures="' + failures + '">\n' +
    '<testsuite name="' + suite + '" tests="' + cases.length + '" failures="' + failures + '">' +
    cases.join('\n') + '\n</testsuite >\n</testsuites >'
  );
}

// A JUnit XML report with one test case per root-level check; a check counts as passed only
// when it passed exactly once (the library's rule). suiteName defaults to "k6 checks".
export function jUnitForChecks(data, suiteName) {
  const iterations = data.metrics.iteration_duration;
  const time = iterations && iterations.values.max ? iterations.values.max : 0;
  const suite = suiteName ? escapeXml(suiteName) : 'k6 checks';
  const checks = (data.root_group && data.root_group.checks) || [];
  let failures = 0;
  const cases = checks.map((check) => {
    if (check.passes === 1) return `<testcase name="${escapeXml(check.name)}"/>`;
    failures++;
    return `<testcase name="${escapeXml(check.name)}"><failure message="failed"/></testcase>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites tests="${cases.length}" failures="${failures}" time="${time}">\n` +
    `<testsuite name="${suite}" tests="${cases.length}" failures="${failures}" time="${time}" timestamp="${new Date().toISOString()}">\n` +
    `${cases.join('\n')}\n</testsuite>\n</testsuites>`
  );
}
