import { observe } from './lib.js';
export const options = { vus: 2, iterations: 6 };
export function setup() { return { n: 0, date: new Date(0), later: new Date(1500), gone: undefined, nested: { a: [1, { b: null }] } }; }
export default function (data) {
  data.n++;
  observe('data', { perVuCopy: data.n === __ITER + 1, date: data.date, nested: data.nested });
}
export function teardown(data) { observe('teardown', data); }
