(function (n, codeNames, health) {
  'use strict';
  // One frozen object per status code: `===` compares identities, so `res.status === grpc.StatusOK`
  // holds while `res.status === 0` does not; valueOf/toString/toJSON give k6's coercions. The
  // methods live on the class, shared by every status, and the code and name in private fields.
  class Status {
    #code;
    #name;
    constructor(code, name) {
      this.#code = code;
      this.#name = name;
      Object.freeze(this);
    }
    valueOf() { return this.#code; }
    toString() { return this.#name; }
    toJSON() { return this.#code; }
  }
  const makeStatus = (code, name) => new Status(code, name);
  const statuses = codeNames.map((name, code) => makeStatus(code, name));
  const extraStatuses = new Map();
  const statusOf = (code) => {
    const known = statuses[code];
    if (known !== undefined) return known;
    let s = extraStatuses.get(code);
    if (s === undefined) {
      s = makeStatus(code, 'Code(' + code + ')');
      extraStatuses.set(code, s);
    }
    return s;
  };
  // Responses are built natively, their `status` one of these objects.
  n.useStatuses(statuses, statusOf);
  // asyncInvoke rejections are not Errors in k6: String(e) and e.error() give the text.
  const goError = (text) => Object.defineProperty({ error: () => text }, 'toString', { value: () => text });
  const rejected = (text) => { throw goError(text); };

  const clients = new WeakMap();
  function Client() {
    const h = n.newClient();
    const c = {
      load: (importPaths, ...files) => h.load(importPaths, files),
      loadProtoset: (path) => h.loadProtoset(path),
      connect: (address, params) => h.connect(address, params),
      invoke: h.invoke,
      asyncInvoke(url, request, params) {
        return h.asyncInvoke(...arguments).then(undefined, rejected);
      },
      healthCheck: (service) => h.healthCheck(service),
      close: () => h.close(),
    };
    clients.set(c, h);
    return c;
  }
  function Stream(client, url, params) {
    return n.newStream(clients.get(client), client, url, params, statusOf);
  }
  const exports = { Client, Stream };
  codeNames.forEach((name, code) => { exports['Status' + name] = statuses[code]; });
  health.forEach((name, value) => { exports['HealthCheck' + name] = value; });
  return exports;
})
