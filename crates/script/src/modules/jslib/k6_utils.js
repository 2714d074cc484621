// Built-in stand-in for https://jslib.k6.io/k6-utils/<version>/index.js (the pure helpers).
// Written for Stampede from the library's documented behaviour; Math.random is consumed the
// same way so that randomSeed() gives the same values.
import { randomBytes } from 'k6/crypto';

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
