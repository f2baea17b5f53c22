export * from './lib/container-runtime';
