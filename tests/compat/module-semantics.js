import { check, group, sleep, fail, randomSeed } from 'k6';
import encoding from 'k6/encoding';
import { observe } from './lib.js';
export const options = { iterations: 1 };
export default function () {
  randomSeed(123);
  observe('random', Math.random());
  observe('check returns', [check(1, { a: true }), check(1, { a: false }), check(1, {})]);
  observe('group returns', group('g', () => 42));
  try { fail('custom failure'); } catch (e) { observe('fail', [e.name, e.message]); }
  observe('b64', [encoding.b64encode('hello'), encoding.b64decode('aGVsbG8=', 'std', 's')]);
  observe('globals', [typeof setTimeout, typeof crypto, typeof global, typeof __ENV]);
  let fired = 0;
  setTimeout(() => { fired++; observe('timer fired', fired); }, 10);
  sleep(0.05);
  observe('after sleep', fired);
}
