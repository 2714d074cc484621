// crypto.subtle for Stampede: digest (SHA-1/256/384/512) and HMAC keys (importKey raw/jwk,
// generateKey, exportKey raw/jwk, sign, verify). Other algorithms reject with
// NotSupportedError. Error objects, key objects and messages follow k6 v1.1.0.
// Evaluated lazily, once per runtime, as a factory taking the k6/crypto module object.
(function (k6crypto) {
  'use strict';
  const errorProto = {
    toString() {
      return this.name === undefined ? this.message : this.name + ': ' + this.message;
    },
  };
  function fail(name, message) {
    const e = Object.create(errorProto);
    if (name !== undefined) e.name = name;
    e.message = message;
    return e;
  }
  const unsupported = (alg, op) => fail('NotSupportedError', `algorithm "${alg}" doesn't support (in implementation) operation "${op}"`);

  const HASHES = { 'SHA-1': ['sha1', 512], 'SHA-256': ['sha256', 512], 'SHA-384': ['sha384', 1024], 'SHA-512': ['sha512', 1024] };
  const algName = (a) => String(typeof a === 'object' && a !== null ? a.name : a);
  const canonical = (name) => {
    const upper = name.toUpperCase();
    return HASHES[upper] || upper === 'HMAC' ? upper : name;
  };

  function bytes(data, onError) {
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw onError();
  }
  const dataError = () => fail('OperationError', 'data is neither an ArrayBuffer, nor a TypedArray nor DataView');

  const secrets = new WeakMap();
  function hmacAlgorithm(hash, bits) {
    return {
      key_algorithm: { algorithm: { name: 'HMAC' }, name: 'HMAC' },
      algorithm: { name: 'HMAC' },
      name: 'HMAC',
      hash: { algorithm: { name: hash }, name: hash },
      length: bits,
    };
  }
  function hashOf(algorithm, op) {
    const h = typeof algorithm === 'object' && algorithm !== null ? algorithm.hash : undefined;
    if (h === undefined || h === null) throw fail('SyntaxError', 'could not get hash from algorithm parameter');
    const name = canonical(algName(h));
    if (!HASHES[name]) throw unsupported(algName(h), op);
    return name;
  }
  function checkUsages(usages) {
    const list = Array.from(usages || []);
    for (const u of list) {
      if (u !== 'sign' && u !== 'verify') throw fail('SyntaxError', 'invalid key usage: ' + u);
    }
    if (list.length === 0) throw fail('SyntaxError', 'usages cannot not be empty for a secret or private CryptoKey');
    return list;
  }
  function makeKey(hash, raw, extractable, usages) {
    const key = { type: 'secret', extractable: !!extractable, algorithm: hmacAlgorithm(hash, raw.length * 8), usages };
    secrets.set(key, raw);
    return key;
  }
  function hmacKeyFor(key, usage) {
    const raw = secrets.get(key);
    if (!raw) throw fail('InvalidAccessError', 'key is not a valid CryptoKey');
    if (!key.usages.includes(usage)) throw fail('InvalidAccessError', `key does not contain the '${usage}' usage`);
    return raw;
  }
  function btoaUrl(u8) {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    for (let i = 0; i < u8.length; i += 3) {
      const n = (u8[i] << 16) | ((u8[i + 1] || 0) << 8) | (u8[i + 2] || 0);
      const chars = [abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63], abc[n & 63]];
      out += chars.slice(0, Math.min(4, u8.length - i + 1)).join('');
    }
    return out;
  }
  function fromB64url(s) {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const out = [];
    let acc = 0;
    let bits = 0;
    for (const c of String(s)) {
      const v = abc.indexOf(c);
      if (v < 0) throw fail('DataError', 'invalid base64url in JWK "k"');
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out.push((acc >> bits) & 255);
      }
    }
    return new Uint8Array(out);
  }

  const subtle = {
    async digest(algorithm, data) {
      const name = canonical(algName(algorithm));
      if (!HASHES[name]) throw unsupported(algName(algorithm), 'digest');
      const input = bytes(data, () => fail(undefined, 'data must be an ArrayBuffer, TypedArray, or DataView'));
      return k6crypto[HASHES[name][0]](input, 'binary');
    },
    async importKey(format, keyData, algorithm, extractable, usages) {
      const name = algName(algorithm);
      if (canonical(name) !== 'HMAC') throw unsupported(name, 'importKey');
      const hash = hashOf(algorithm, 'generateKey');
      let raw;
      if (format === 'raw') {
        raw = new Uint8Array(bytes(keyData, dataError));
      } else if (format === 'jwk') {
        if (typeof keyData !== 'object' || keyData === null || keyData.kty !== 'oct' || typeof keyData.k !== 'string') {
          throw fail('DataError', 'failed to parse symmetric JWK: expected an object with kty "oct" and k');
        }
        raw = fromB64url(keyData.k);
      } else {
        throw fail('NotSupportedError', `unsupported key format "${format}" for HMAC`);
      }
      if (raw.length === 0) throw fail('DataError', 'key length cannot be 0');
      if (algorithm.length !== undefined && algorithm.length !== raw.length * 8) {
        throw fail('DataError', 'key length cannot be different from the length of the imported data');
      }
      return makeKey(hash, raw, extractable, checkUsages(usages));
    },
    async generateKey(algorithm, extractable, usages) {
      const name = algName(algorithm);
      if (canonical(name) !== 'HMAC') throw unsupported(name, 'generateKey');
      const hash = hashOf(algorithm, 'generateKey');
      const bits = algorithm.length !== undefined ? Number(algorithm.length) : HASHES[hash][1];
      const list = checkUsages(usages);
      if (!(bits > 0) || bits % 8 !== 0) throw fail('OperationError', 'invalid key length: ' + bits);
      return makeKey(hash, new Uint8Array(k6crypto.randomBytes(bits / 8)), extractable, list);
    },
    async exportKey(format, key) {
      const raw = secrets.get(key);
      if (!raw) throw fail('InvalidAccessError', 'key is not a valid CryptoKey');
      if (!key.extractable) throw fail('InvalidAccessError', 'the key is not extractable');
      if (format === 'raw') return raw.slice().buffer;
      if (format === 'jwk') {
        const alg = 'HS' + key.algorithm.hash.name.slice(4);
        return { kty: 'oct', k: btoaUrl(raw), alg, ext: true, key_ops: key.usages.slice() };
      }
      throw fail('NotSupportedError', `unsupported key format "${format}" for HMAC`);
    },
    async sign(algorithm, key, data) {
      const name = algName(algorithm);
      if (canonical(name) !== 'HMAC') throw unsupported(name, 'sign');
      const raw = hmacKeyFor(key, 'sign');
      return k6crypto.hmac(HASHES[key.algorithm.hash.name][0], raw, bytes(data, dataError), 'binary');
    },
    async verify(algorithm, key, signature, data) {
      const name = algName(algorithm);
      if (canonical(name) !== 'HMAC') throw unsupported(name, 'verify');
      const raw = hmacKeyFor(key, 'verify');
      const want = new Uint8Array(k6crypto.hmac(HASHES[key.algorithm.hash.name][0], raw, bytes(data, dataError), 'binary'));
      const got = bytes(signature, dataError);
      let diff = want.length ^ got.length;
      for (let i = 0; i < want.length; i++) diff |= want[i] ^ (got[i] || 0);
      return diff === 0;
    },
  };
  for (const op of ['encrypt', 'decrypt', 'deriveBits', 'deriveKey', 'wrapKey', 'unwrapKey']) {
    subtle[op] = async (algorithm) => {
      throw unsupported(algName(algorithm), op);
    };
  }
  return subtle;
});
