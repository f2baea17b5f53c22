import type { JsonValue } from '@wharf/contracts';

/** Narrowing helpers for CLI output, which is untrusted JSON of a shape that changes between versions. */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const json = (v: unknown): JsonValue => (v === undefined ? null : (v as JsonValue));
