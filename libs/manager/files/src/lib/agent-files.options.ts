// The agent → container lookup is shared by every workspace feature: it lives with the runtime port.
export { AGENT_CONTAINER_RESOLVER, type AgentContainerResolver } from '@wharf/manager/runtime';

export interface AgentFilesOptions {
  /** Largest file a read returns (413 FILE_TOO_LARGE above). Default 5 MiB. */
  maxReadBytes: number;
  /**
   * Largest decoded content a write accepts (413 FILE_TOO_LARGE above). Default 5 MiB. The JSON body
   * is also bounded by the app's HTTP_BODY_LIMIT_KB (413 PAYLOAD_TOO_LARGE); larger files go as uploads.
   */
  maxWriteBytes: number;
  /** Largest upload (the tar's size). Default 512 MiB. */
  maxUploadBytes: number;
  /** Most entries in one upload. Default 100,000. */
  maxUploadEntries: number;
  /** Largest directory listing (bytes of `find` output, ~60 bytes + name per entry). Default 32 MiB. */
  maxListBytes: number;
  /** User of every exec (never root). Default the agent user, 1000:1000. */
  execUser: string;
  /** Timeout of every exec. Default 60 s. */
  execTimeoutMs: number;
  /** Concurrent archive stats (engine HEAD requests) per operation. Default 16. */
  statConcurrency: number;
  /** Where uploads are spooled while they are checked. Default: the OS temp dir. */
  tmpDir?: string;
}

export const DEFAULT_AGENT_FILES_OPTIONS: AgentFilesOptions = {
  maxReadBytes: 5 * 1024 * 1024,
  maxWriteBytes: 5 * 1024 * 1024,
  maxUploadBytes: 512 * 1024 * 1024,
  maxUploadEntries: 100_000,
  maxListBytes: 32 * 1024 * 1024,
  execUser: '1000:1000',
  execTimeoutMs: 60_000,
  statConcurrency: 16,
};

export const AGENT_FILES_OPTIONS = Symbol('AGENT_FILES_OPTIONS');
