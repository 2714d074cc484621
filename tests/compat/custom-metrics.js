import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
import { observe } from './lib.js';
const c = new Counter('my_counter');
const g = new Gauge('my_gauge');
const r = new Rate('my_rate');
const t = new Trend('my_trend', true);
const same = new Counter('my_counter');
export const options = { iterations: 2, thresholds: { my_counter: ['count>5'], my_rate: ['rate>0.4'] } };
export default function () {
  observe('adds', [c.add(3), c.add('2'), c.add(true), c.add('abc'), c.add(null), g.add(7), r.add(true), r.add(0), t.add(12.5, { k: 'v' }), same.add(1)]);
  observe('names', [c.name, t.name, c instanceof Counter]);
}
