// Real Temporal servers for tests: the official binaries from .tools/venv (or the environment),
// handed to the SDK as existing paths. One workflow bundle per test file.
import { inject } from 'vitest';
import { SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import { SEARCH_ATTRIBUTES } from '../../messages/searchAttributes';
import { WORKFLOWS_PATH } from '../../worker';

// Workers log at INFO by default; tests want warnings and errors only.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this process
}

export function bundleWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } });
}

/** The time-skipping test server: calendars of a whole year in seconds. */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('temporalTestServerPath') } },
  });
  // Unlike the dev server, the test server takes no flag for them: register through the operator API.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, indexedValueType(key.type)])),
  });
  return env;
}

function indexedValueType(type: SearchAttributeType): temporal.api.enums.v1.IndexedValueType {
  const name = `INDEXED_VALUE_TYPE_${TypedSearchAttributes.toMetadataType(type).toUpperCase()}` as keyof typeof temporal.api.enums.v1.IndexedValueType;
  return temporal.api.enums.v1.IndexedValueType[name];
}

/** The dev server (Temporal CLI), with the project's search attributes registered. */
export function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: inject('temporalCliPath') },
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: ['--log-level', 'error'],
    },
  });
}
