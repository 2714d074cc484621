// exec.test.abort(msg) outside VU code (-e WHERE=init|setup|teardown): in the init context k6
// fails the load (exit code 108, the position without a function name); in setup() and
// teardown() it logs the message alone, even when called from a helper.
// compat: every log line
import exec from 'k6/execution';
const where = __ENV.WHERE;
const stop = (msg) => exec.test.abort(msg);
if (where === 'init') exec.test.abort('in init');
export const options = { iterations: 1 };
export function setup() { if (where === 'setup') stop('in setup'); }
export default function () {}
export function teardown() { if (where === 'teardown') exec.test.abort('in teardown'); }
