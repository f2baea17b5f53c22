import { commonConfig, configVar } from '@wharf/server/core';
import { z } from 'zod';

/** Every variable agent-controller reads. The README's table is tested against this object. */
export const controllerConfigSpec = {
  ...commonConfig({ port: 8080, dataDir: '.data' }),
  CONSOLE_DIR: configVar({
    default: '',
    description: 'Directory of the built console to serve at / (empty: API only).',
    schema: z.string(),
  }),
};
