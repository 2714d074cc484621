// Built-in stand-in for https://jslib.k6.io/k6-utils/<version>/index.js (the pure helpers).
// Written for Stampede from the library's documented behaviour; Math.random is consumed the
// same way so that randomSeed() gives the same values.
import { check as k6check } from 'k6';
import { randomBytes } from 'k6/crypto';
import exec from 'k6/execution';

// An integer in [min, max], both ends included.
export function randomIntBetween(min, max) {
  return Math.floor(Math.random() * (max - min + 1) + min);
}

// One element of the array, uniformly.
export function randomItem(items) {
  return items[Math.floor(Math.random() * items.length)];
}

// `length` characters drawn from `charset` (lowercase ASCII letters by default).
export function randomString(length, charset = 'abcdefghijklmnopqrstuvwxyz') {
  let out = '';
  for (let n = length; n > 0; n--) {
    out += charset[(Math.random() * charset.length) | 0];
  }
  return out;
}

// A version 4 UUID; `secure` draws the bits from the OS random source instead of Math.random.
export function uuidv4(secure = false) {
  if (secure) {
    const b = new Uint8Array(randomBytes(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

// The text between the first `left` and the next `right` (null if absent); with `repeat`,
// every such text in order as an array (null if none).
export function findBetween(content, left, right, repeat = false) {
  const found = [];
  let rest = content;
  for (;;) {
    let start = rest.indexOf(left);
    if (start === -1) break;
    start += left.length;
    const end = rest.indexOf(right, start);
    if (end === -1) break;
    const piece = rest.substring(start, end);
    if (!repeat) return piece;
    found.push(piece);
    rest = rest.substring(end + right.length);
  }
  return found.length > 0 ? found : null;
}

function isThenable(x) {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof x.then === 'function';
}

function recordChecks(names, values, tags) {
  const sets = {};
  names.forEach((name, i) => {
    sets[name] = !!values[i];
  });
  return k6check(null, sets, tags);
}

// k6's check() that also accepts Promises (as values or returned by check functions): when
// any is a Promise the checks are recorded once all settle and a Promise of the result is
// returned; otherwise it behaves like k6's check().
export function check(val, sets, tags) {
  const names = Object.keys(sets);
  const values = names.map((name) => (typeof sets[name] === 'function' ? sets[name](val) : sets[name]));
  if (!values.some(isThenable)) {
    return recordChecks(names, values, tags);
  }
  return Promise.all(values).then((settled) => recordChecks(names, settled, tags));
}

// Stages (for `options.stages`) whose targets follow a bell curve peaking at maxVus: the curve
// is sampled across +-3 standard deviations at the end of each of numberOfStages stages of
// equal length (the last one ends back at 0 VUs). An approximation of the jslib's curve.
export function normalDistributionStages(maxVus, durationSeconds, numberOfStages = 10) {
  const n = Math.max(1, Math.floor(numberOfStages));
  const stageSeconds = Math.max(1, Math.floor(durationSeconds / n));
  const stages = [];
  for (let i = 1; i <= n; i++) {
    const x = -3 + (6 * i) / n;
    const density = Math.exp(-0.5 * x * x);
    stages.push({ duration: stageSeconds + 's', target: i === n ? 0 : Math.round(maxVus * density) });
  }
  return stages;
}

// Go duration text ("1m30s", "500ms", "2h") or a number of milliseconds, in milliseconds.
function durationMillis(d) {
  if (typeof d === 'number') return d;
  const units = { h: 3600000, m: 60000, s: 1000, ms: 1, us: 0.001, '\u00b5s': 0.001, ns: 0.000001 };
  let total = 0;
  const re = /([0-9]*\.?[0-9]+)(h|ms|m|s|us|\u00b5s|ns)/g;
  let match;
  while ((match = re.exec(String(d))) !== null) {
    total += parseFloat(match[1]) * units[match[2]];
  }
  return total;
}

function currentScenarioOptions() {
  const name = exec.scenario.name;
  const scenario = ((exec.test.options || {}).scenarios || {})[name];
  if (!scenario || !Array.isArray(scenario.stages) || scenario.stages.length === 0) {
    throw new Error(`the current scenario "${name}" does not define stages`);
  }
  return scenario;
}

// The index in the current scenario's stages of the stage running now.
export function getCurrentStageIndex() {
  const stages = currentScenarioOptions().stages;
  const elapsed = Date.now() - exec.scenario.startTime;
  let end = 0;
  for (let i = 0; i < stages.length; i++) {
    end += durationMillis(stages[i].duration);
    if (elapsed < end) return i;
  }
  return stages.length - 1;
}

// Tags everything the iteration emits from now on with `stage` = the current stage index.
export function tagWithCurrentStageIndex() {
  exec.vu.tags.stage = getCurrentStageIndex();
}

// Tags everything the iteration emits from now on with `stage_profile` = `ramp-up`,
// `steady` or `ramp-down`, comparing the current stage's target with the previous one.
export function tagWithCurrentStageProfile() {
  const scenario = currentScenarioOptions();
  const i = getCurrentStageIndex();
  const start = scenario.startVUs !== undefined ? scenario.startVUs : scenario.startRate || 0;
  const previous = i === 0 ? start : scenario.stages[i - 1].target;
  const target = scenario.stages[i].target;
  exec.vu.tags.stage_profile = target > previous ? 'ramp-up' : target < previous ? 'ramp-down' : 'steady';
}
