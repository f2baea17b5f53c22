export * from './lib/alert';
export * from './lib/format-duration';
export * from './lib/readiness-card';
export * from './lib/status-badge';
