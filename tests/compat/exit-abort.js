import exec from 'k6/execution';
import { observe } from './lib.js';
export const options = { iterations: 5 };
export default function () { observe('iteration', __ITER); if (__ITER === 1) exec.test.abort('stop now'); }
export function teardown() { observe('teardown', true); }
