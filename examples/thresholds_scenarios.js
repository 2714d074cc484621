// Two scenarios side by side, with thresholds per scenario and per tag:
// a steady arrival rate of ratings, and a few VUs polling the status endpoint.
// Run:  stampede testserver &   then   stampede run examples/thresholds_scenarios.js
// (-e DURATION=5s shortens it)
import grpc from 'k6/net/grpc';
import { check, sleep } from 'k6';

const client = new grpc.Client();
client.load(['../crates/testserver/proto'], 'quickpizza.proto');

const duration = __ENV.DURATION || '30s';

export const options = {
  scenarios: {
    ratings: {
      executor: 'constant-arrival-rate',
      rate: 20,
      timeUnit: '1s',
      duration,
      preAllocatedVUs: 5,
      exec: 'rate',
    },
    status: {
      executor: 'constant-vus',
      vus: 1,
      duration,
      exec: 'status',
    },
  },
  thresholds: {
    'grpc_req_duration{scenario:ratings}': ['p(95)<200'],
    'grpc_req_duration{method:Status}': ['p(99)<200', 'max<1000'],
    'checks{scenario:ratings}': ['rate>0.99'],
    checks: ['rate>0.99'],
  },
};

const address = __ENV.GRPC_ADDR || 'localhost:50051';
let connected = false;

function connect() {
  if (!connected) {
    client.connect(address, { plaintext: true });
    connected = true;
  }
}

export function rate() {
  connect();
  const r = client.invoke('quickpizza.GRPC/RatePizza', { ingredients: ['Pineapple'], dough: 'Thin' });
  check(r, { 'pineapple gets one star': (r) => r.status === grpc.StatusOK && r.message.starsRating === 1 });
}

export function status() {
  connect();
  const r = client.invoke('quickpizza.GRPC/Status', {});
  check(r, { 'ready': (r) => r.message.ready === true });
  sleep(0.2);
}
