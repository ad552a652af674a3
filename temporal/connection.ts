import { Client, type ClientInterceptors, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DataKey } from '../schemas/keyring';
import { encryptedDataConverter } from './codec';
import { workflowStartCounter } from './start-metrics';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** A Client whose connection is a full gRPC Connection (health and operator services included). */
export type TemporalClient = Client & { readonly connection: Connection };

/**
 * Client used by the api and the CLIs to start, signal and query workflows. Its payloads are
 * encrypted with the data key ring (temporal/codec.ts), like the worker's; workflow starts are
 * counted (/metrics) and, when tracing is on, traced.
 */
export async function connectClient(
  target: TemporalTarget & { encryptionKeys: DataKey[] },
  opts: { interceptors?: ClientInterceptors } = {},
): Promise<TemporalClient> {
  const connection = await Connection.connect({ address: target.address });
  return new Client({
    connection,
    namespace: target.namespace,
    dataConverter: encryptedDataConverter(target.encryptionKeys),
    interceptors: { ...opts.interceptors, workflow: [workflowStartCounter(), ...extraWorkflowInterceptors(opts.interceptors)] },
  }) as TemporalClient;
}

function extraWorkflowInterceptors(interceptors?: ClientInterceptors): WorkflowClientInterceptor[] {
  const workflow = interceptors?.workflow;
  return Array.isArray(workflow) ? workflow : [];
}

/** Connection for a Worker (Rust core), separate from the client's. */
export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect({ address: target.address });
}
