import exec from 'k6/execution';
import { observe } from './lib.js';
export const options = { iterations: 2 };
export default function () { exec.test.fail('bad thing'); observe('continues', __ITER); }
