import { observe } from './lib.js';
export const options = { vus: 2, iterations: 6 };
export function setup() { return { n: 0, date: new Date(0), nested: { a: [1, { b: null }] } }; }
export default function (data) {
  data.n++;
  observe('data', { n: data.n <= 3, date: data.date, nested: data.nested });
}
export function teardown(data) { observe('teardown', data); }
