// google.protobuf.Any resolves against every type any client of the run loaded or reflected,
// not only the invoking client's own protos, and against the types k6 has built in
// (google.rpc status and error details, grpc.health.v1, grpc.reflection).
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const probe = new grpc.Client();
probe.load([__ENV.PROTO_DIR], 'probe/v1/probe.proto');
const other = new grpc.Client();
other.load([__ENV.PROTO_DIR], 'quickpizza.proto');
const reflecting = new grpc.Client();
export const options = { iterations: 1 };

function echoAny(label, any) {
  try {
    const r = probe.invoke('probe.v1.Probe/Echo', { any });
    observe(label, [String(r.status), r.message.any]);
  } catch (e) {
    observe(label, String(e));
  }
}

export default () => {
  probe.connect(__ENV.GRPC_ADDR, { plaintext: true });
  echoAny('loaded by another client', { '@type': 'type.googleapis.com/quickpizza.PizzaRatingRequest', dough: 'thin' });
  echoAny('built in: error details', { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{}] });
  echoAny('built in: bad request', {
    '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'f', localizedMessage: {} }],
  });
  echoAny('built in: status', { '@type': 'type.googleapis.com/google.rpc.Status', code: 3, details: [] });
  echoAny('built in: health', { '@type': 'type.googleapis.com/grpc.health.v1.HealthListResponse' });
  echoAny('built in: reflection', { '@type': 'type.googleapis.com/grpc.reflection.v1alpha.ServerReflectionRequest' });
  echoAny('not loaded yet', { '@type': 'type.googleapis.com/routeguide.Point', latitude: 5 });
  reflecting.connect(__ENV.GRPC_ADDR, { plaintext: true, reflect: true });
  echoAny('reflected by another client', { '@type': 'type.googleapis.com/routeguide.Point', latitude: 5 });
  probe.close();
  reflecting.close();
};
