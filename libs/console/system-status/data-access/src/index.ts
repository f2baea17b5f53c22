export * from './lib/system-status.actions';
export * from './lib/system-status.feature';
export * from './lib/system-status.api';
export * from './lib/system-status.effects';
export * from './lib/system-status.facade';
export { describeReadinessFailure, isReadinessReport } from './lib/readiness-http';
