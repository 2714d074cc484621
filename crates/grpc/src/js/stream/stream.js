(function (statusOf) {
  'use strict';
  // Built once per VU: returns the body of `new grpc.Stream(client, url, params)`. Handlers live
  // here, in JS, so the only JS values Rust holds are the `emit` functions of open streams, and
  // those only inside the VU's event loop.
  const goError = (text) => {
    const e = new Error(text);
    e.name = 'GoError';
    return e;
  };
  const EVENTS = ['data', 'error', 'end', 'status'];
  const streamError = (code, message, details) => {
    const status = statusOf(code);
    return { code: status, details, message, error: () => 'code: ' + code + ', message: ' + message };
  };
  // The Go error's text: k6's own cancellation is a plain error, the rest are gRPC statuses.
  const goText = (code, message) => (code === 2 && message === 'canceled by client (k6)'
    ? message
    : 'rpc error: code = ' + String(statusOf(code)) + ' desc = ' + message);
  // Read-only as in k6, and assigning throws k6's text (QuickJS words it differently).
  const readOnly = (name, value) => ({
    get: () => value,
    set: () => { throw new TypeError("Cannot assign to read only property '" + name + "'"); },
    enumerable: true,
    configurable: false,
  });

  return function (h, client, url, params) {
    if (client === undefined || client === null) {
      throw goError("invalid GRPC Stream's client: empty gRPC client");
    }
    if (h === undefined) {
      throw goError("invalid GRPC Stream's client: not a gRPC client");
    }
    const handlers = { data: [], error: [], end: [], status: [] };
    // Handlers registered while an event is being handled see the next event, not this one.
    // Called as plain functions: `this` is undefined in handlers, as in k6.
    const dispatch = (list, payload, ts) => {
      for (let i = 0, n = list.length; i < n; i++) {
        const handler = list[i];
        handler(payload, { ts });
      }
    };
    // Called by the stream's reader on the VU's event loop: `error` and `end`.
    const emit = (kind, a, b, c, ts) => {
      let payload;
      if (kind === 'error') {
        payload = streamError(a, b, c);
        if (handlers.error.length === 0) {
          handle.warn('no handlers for error registered, but an error happened: ' + goText(a, b));
        }
      } else {
        payload = {};
      }
      dispatch(handlers[kind], payload, ts);
    };
    // `data` for a run of replies received in the same second, in order (one call per run
    // rather than per reply). A handler that throws stops the run; Rust ends the stream.
    const emitData = (payloads, ts) => {
      const list = handlers.data;
      for (let i = 0; i < payloads.length; i++) {
        const payload = payloads[i];
        for (let j = 0, n = list.length; j < n; j++) {
          const handler = list[j];
          handler(payload, { ts });
        }
      }
    };
    const handle = h.openStream(url, params, emit, emitData);
    const stream = {};
    Object.defineProperties(stream, {
      on: readOnly('on', function on(event, handler) {
        if (handler !== undefined && handler !== null && typeof handler !== 'function') {
          throw new TypeError('could not convert function call parameter 1: could not convert ' +
            String(handler) + ' to func(sobek.Value, sobek.Value) (sobek.Value, error)');
        }
        const name = String(event);
        if (typeof handler !== 'function') {
          throw goError('handler for "' + name + '" event isn\'t a callable function');
        }
        if (!EVENTS.includes(name)) {
          handle.warn("can't register " + name + " event handler: unknown GRPC stream's event type: " + name);
          return;
        }
        handlers[name].push(handler);
      }),
      write: readOnly('write', function write(message) {
        if (message === undefined || message === null) {
          handle.warn("can't send empty message");
          return;
        }
        handle.write(message);
      }),
      end: readOnly('end', function end() {
        handle.end();
      }),
    });
    return stream;
  };
})
