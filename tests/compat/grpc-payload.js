// Every field kind and well-known type through the JS <-> protobuf mapping, both ways.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'stampede/test/v1/echo.proto');
export const options = { iterations: 1 };

export default () => {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const payload = {
    fDouble: 1.5, fFloat: 2.5, fInt32: -3, fInt64: '9007199254740993', fUint32: 4, fUint64: 5,
    fSint32: -6, fSint64: '-7', fFixed32: 8, fFixed64: '9', fSfixed32: -10, fSfixed64: '-11',
    fBool: true, fString: 'héllo', fBytes: 'AQID', kind: 'KIND_TWO', nested: { text: 'n', num: 1, child: { kind: 1 } },
    rInt32: [1, 2], rInt64: ['3', 4], rDouble: [0.5], rBool: [true, false], rString: ['a', 'b'], rBytes: ['AA=='],
    rKind: ['KIND_ONE', 2], rNested: [{ text: 'x' }],
    mString: { a: 'b' }, mInt32: { 7: { num: 7 } }, mInt64: { '-8': 'neg' }, mBool: { true: 'yes' }, mKind: { k: 'KIND_ONE' },
    cNested: { text: 'chosen' },
    oInt32: 0, oString: '',
    ts: '2024-01-02T03:04:05.123Z', dur: '1.500s', wDouble: 3.25, wInt64: '12', wBool: false, wString: 'w',
    st: { a: 1, b: [true, null, 'x'], c: { d: 'e' } }, val: [1, 'two'], lv: [1, { a: 2 }], fm: 'fInt32,nested.text',
    empty: {}, rTs: ['1970-01-01T00:00:00Z'], mValue: { k: { x: 1 } }, customJson: 42,
    any: { '@type': 'type.googleapis.com/stampede.test.v1.Nested', text: 'in any', num: 3 },
  };
  const r = client.invoke('stampede.test.v1.Echo/Echo', { payload });
  observe('status', String(r.status));
  observe('payload', r.message.payload);
  const empty = client.invoke('stampede.test.v1.Echo/Echo', { payload: {} });
  observe('defaults', empty.message.payload);
  const snake = client.invoke('stampede.test.v1.Echo/Echo', { payload: { f_string: 'snake', r_int32: [1] } });
  observe('original names', [snake.message.payload.fString, snake.message.payload.rInt32]);
};
