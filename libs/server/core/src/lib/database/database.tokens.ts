/** The resolved database connection: where it is and whether we run it. */
export interface DatabaseConnectionInfo {
  url: string;
  mode: 'embedded' | 'external';
}
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');
