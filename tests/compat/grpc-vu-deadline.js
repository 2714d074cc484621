// The VU's own deadline caps every call's deadline: setupTimeout in setup(), the end of the
// scenario plus gracefulStop in iterations. A call still running when gracefulStop ends is cut
// off with its iteration: no grpc_req_duration sample, but its bytes are counted. (Whether k6
// hands the script a DeadlineExceeded Response just before the interruption is a race in k6;
// Stampede interrupts at once, so nothing after that call is observed here.)
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
client.load([__ENV.PROTO_DIR], 'probe/v1/probe.proto');
export const options = {
  setupTimeout: '7s',
  scenarios: { slow: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '1s' } },
};

function remaining(label) {
  client.connect(__ENV.GRPC_ADDR, { plaintext: true });
  const r = client.invoke('probe.v1.Probe/Info', {});
  observe(label, Math.ceil(r.message.deadlineRemainingS));
}

export function setup() {
  remaining('setup deadline');
  client.close();
}

export default () => {
  remaining('iteration deadline');
  client.invoke('probe.v1.Probe/Info', { sleepMs: 10000 });
};
