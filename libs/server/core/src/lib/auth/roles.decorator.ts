import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from '@wharf/contracts';

export const MIN_ROLE = 'wharf:minRole';

/**
 * The least role a route (or every route of a controller) needs. Roles are ordered
 * viewer < operator < admin, so `@Roles('operator')` admits operators and admins. The guard that reads
 * it denies routes that declare nothing (only @Public() routes are open), so forgetting is safe.
 */
export const Roles = (role: Role) => SetMetadata(MIN_ROLE, role);

/** Whether `have` is at least `need`. */
export const roleSatisfies = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);
