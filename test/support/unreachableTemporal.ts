// A Temporal connection that reaches nothing, for API tests that never touch a workflow (or test
// what happens when Temporal is down). Without the SDK's retry interceptor: a retry timer left
// pending when the test closes the connection fires on a shut-down channel and vitest reports an
// uncaught "Channel has been shut down" (seen in CI).
import { Connection } from '@temporalio/client';

export function unreachableConnection(connectTimeoutMs = 1_000): Connection {
  return Connection.lazy({ address: '127.0.0.1:1', connectTimeout: connectTimeoutMs, interceptors: [] });
}
