import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'wharf:isPublic';
/** Marks a controller or route as reachable without credentials (health probes). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
