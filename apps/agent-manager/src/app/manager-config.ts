import { commonConfig } from '@wharf/server/core';

/** Every variable agent-manager reads. The README's table is tested against this object. */
export const managerConfigSpec = {
  ...commonConfig({ port: 8081, dataDir: '.data' }),
};
