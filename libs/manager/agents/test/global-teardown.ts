// eslint-disable-next-line @nx/enforce-module-boundaries
import pgTeardown from '../../../server/testing/src/lib/postgres-global-teardown';

export default pgTeardown;
