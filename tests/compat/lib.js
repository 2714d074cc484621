// Shared by the compat scripts: print an observation with a fixed prefix and key-sorted JSON,
// so k6's random object key order never shows up as a difference.
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeys(v[k]);
    return o;
  }
  return v;
}
export function observe(label, value) {
  console.log(`COMPAT ${label} ${JSON.stringify(sortKeys(value))}`);
}
