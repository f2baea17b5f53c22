// Local stand-ins for the model APIs agent CLIs call (see docs/model-stubs.md).
export { startAnthropicStub } from './lib/anthropic.mjs';
export { startResponsesStub, countModelTurns } from './lib/openai-responses.mjs';
