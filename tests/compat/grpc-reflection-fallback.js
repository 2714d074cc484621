// Reflection against older servers: a v1alpha-only server costs one failed v1 stream, a server
// without reflection three failed streams; each is a grpc_req_duration sample tagged with its
// status only.
import grpc from 'k6/net/grpc';
import { observe } from './lib.js';

const client = new grpc.Client();
export const options = { iterations: 1 };

export default () => {
  client.connect(__ENV.GRPC_V1ALPHA_ADDR, { plaintext: true, reflect: true });
  const r = client.invoke('quickpizza.GRPC/Status', {});
  observe('v1alpha', [String(r.status), r.message]);
  client.close();
  try {
    client.connect(__ENV.GRPC_NO_REFLECTION_ADDR, { plaintext: true, reflect: true });
    observe('none', 'connected');
  } catch (e) {
    observe('none', String(e));
  }
  client.close();
};
