import { commonConfig, configVar, isValidKeyringSpec, positiveInt } from '@wharf/server/core';
import { z } from 'zod';

/** Every variable agent-manager reads. The README's table is tested against this object. */
export const managerConfigSpec = {
  ...commonConfig({ port: 8081, dataDir: '.data' }),
  DOCKER_HOST: configVar({
    default: '',
    description: 'Docker engine to run agents on (unix:///path or tcp://host:port). Empty: /var/run/docker.sock.',
    schema: z.string().regex(/^$|^(unix|tcp|http|https):\/\//, 'must start with unix://, tcp://, http:// or https://'),
  }),
  SECRETS_KEY: configVar({
    description:
      'Key(s) sealing agent secrets at rest: `id:base64(32 bytes)[,older…]`, first is current. Unset: generated once into DATA_DIR/agent-manager/secrets.key (0600).',
    schema: z.string().refine(isValidKeyringSpec, 'must be id:base64 of 32 bytes, comma-separated').optional(),
    secret: true,
  }),
  MANAGER_API_KEY: configVar({
    description:
      'Key callers (the controller) present as `Authorization: Bearer <key>`. Unset: generated once into DATA_DIR/agent-manager/api-key (0600).',
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    secret: true,
  }),
  AGENT_IMAGE_PREFIX: configVar({
    default: 'wharf/',
    description: 'Image repository prefix; an agent of provider P runs `<prefix>P:<tag>` unless its request names an image.',
    schema: z.string().regex(/^[a-z0-9._/:-]*$/),
  }),
  AGENT_IMAGE_TAG: configVar({
    default: 'production',
    description: 'Tag of the provider images (`npm start` builds the `production` ones).',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  }),
  AGENT_DEFAULT_CPUS: configVar({
    default: '1',
    description: 'CPU cores for an agent that does not ask for a limit.',
    schema: z.coerce.number().min(0.1).max(64),
  }),
  AGENT_DEFAULT_MEMORY_MB: configVar({
    default: '2048',
    description: 'Memory (MiB, no swap) for an agent that does not ask for a limit.',
    schema: z.coerce.number().int().min(64).max(262144),
  }),
  AGENT_DEFAULT_PIDS_LIMIT: configVar({
    default: '512',
    description: 'Maximum processes for an agent that does not ask for a limit (stops fork bombs).',
    schema: z.coerce.number().int().min(32).max(32768),
  }),
  TURN_TIMEOUT_MS: configVar({
    default: '1800000',
    description: 'A chat turn still running after this long is killed (outcome timed_out).',
    schema: positiveInt(),
  }),
  RECONCILE_INTERVAL_MS: configVar({
    default: '30000',
    description: 'How often the reconciler makes containers match the database (it also runs at boot).',
    schema: positiveInt(),
  }),
};
