import { AgentErrorCode } from '@wharf/contracts';
import { ContainerRuntimeError } from '@wharf/manager/runtime';
import { ProblemException } from '@wharf/server/core';
import { STATUS_CODES } from 'node:http';

/** Turns a typed runtime error into problem+json; anything else is rethrown untouched. */
export function rethrowAsProblem(err: unknown): never {
  if (err instanceof ContainerRuntimeError) {
    const code =
      err.code === 'IMAGE_NOT_FOUND'
        ? AgentErrorCode.IMAGE_NOT_FOUND
        : err.code === 'ENGINE_UNAVAILABLE'
          ? AgentErrorCode.ENGINE_UNAVAILABLE
          : err.code === 'CONTAINER_NOT_RUNNING'
            ? AgentErrorCode.AGENT_NOT_RUNNING
            : err.code;
    const status = err.code === 'IMAGE_NOT_FOUND' ? 400 : err.status;
    // Runtime messages name images and container ids, never secrets (secrets never reach the runtime's errors).
    throw new ProblemException({ status, code, title: STATUS_CODES[status] ?? 'Error', detail: err.message });
  }
  throw err;
}
