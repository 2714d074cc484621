// Arrival-rate executors with more pre-allocated VUs than they need: `vus` counts only the VUs
// running an iteration (about 2.4 per scenario here), not the idle pre-allocated ones. Iterations
// start every 250 ms and last 600 ms, so no iteration ends near a whole second of the run.
import { sleep } from 'k6';

export const options = {
  scenarios: {
    car: { executor: 'constant-arrival-rate', rate: 4, timeUnit: '1s', duration: '3s', preAllocatedVUs: 6, maxVUs: 6 },
    rar: {
      executor: 'ramping-arrival-rate',
      startRate: 4,
      timeUnit: '1s',
      preAllocatedVUs: 6,
      maxVUs: 6,
      stages: [{ target: 4, duration: '3s' }],
    },
  },
};

export default function () {
  sleep(0.6);
}
