import { Client, type ClientInterceptors, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** A Client whose connection is a full gRPC Connection (health and operator services included). */
export type TemporalClient = Client & { readonly connection: Connection };

/** Client used by the api and the CLIs to start, signal and query workflows. */
export async function connectClient(
  target: TemporalTarget,
  opts: { interceptors?: ClientInterceptors } = {},
): Promise<TemporalClient> {
  const connection = await Connection.connect({ address: target.address });
  return new Client({ connection, namespace: target.namespace, interceptors: opts.interceptors }) as TemporalClient;
}

/** Connection for a Worker (Rust core), separate from the client's. */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: target.address });
}
