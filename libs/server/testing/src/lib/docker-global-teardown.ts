import { globalTeardown } from './postgres-global-setup';

export default globalTeardown;
