import exec from 'k6/execution';
import { sleep } from 'k6';
import { observe } from './lib.js';
observe('init', { vu: __VU, iter: typeof __ITER });
export const options = { vus: 2, iterations: 4 };
export function setup() {
  observe('setup', { vu: __VU, instanceVusInit: exec.instance.vusInitialized });
  try { exec.scenario.name; } catch (e) { observe('setup scenario error', String(e)); }
  return { v: 1, list: [1, 2], undef: undefined };
}
export default function (data) {
  data.n = (data.n || 0) + 1;
  observe('iteration', { data, scenario: exec.scenario.name, executor: exec.scenario.executor, tags: exec.vu.tags });
  sleep(0.05);
}
export function teardown(data) {
  observe('teardown', { data, vu: __VU });
}
