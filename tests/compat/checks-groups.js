import { check, group } from 'k6';
import { observe } from './lib.js';
export const options = { iterations: 3 };
export default function () {
  const r = group('outer', () => {
    const a = check(1, { 'is one': (v) => v === 1, 'is two': (v) => v === 2 });
    group('inner', () => { check(null, { 'truthy value': true, 'falsy value': 0 }, { extra: 'tag' }); });
    return a;
  });
  observe('group returned', r);
  try { check(1, { 'a::b': true }); } catch (e) { observe('bad check name', String(e)); }
  try { group('x', async () => {}); } catch (e) { observe('async group', String(e).slice(0, 60)); }
  try { check(1, { 'throws': () => { throw new Error('boom'); }, 'never': true }); } catch (e) { observe('check threw', String(e)); }
}
