export * from './lib/api-key.entity';
export * from './lib/api-key-format';
export * from './lib/api-keys.service';
export * from './lib/api-keys.module';
