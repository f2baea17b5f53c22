export * from './lib/shell.routes';
export * from './lib/shell/shell';
export * from './lib/status-page/status-page';
