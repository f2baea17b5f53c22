export * from './lib/test-database';
export * from './lib/test-app';
export { TEST_PG_ENV } from './lib/postgres-global-setup';
export * from './lib/spawn-service';
export * from './lib/readme-config';
export * from './lib/git-http-server';
export * from './lib/docker-leftovers';
export * from './lib/git-ssh-server';
