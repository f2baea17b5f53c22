/**
 * Agent workspace files: `/api/agents/:agentId/files/...` on the agent-manager (and proxied unchanged
 * by the controller under `/api/clients/:clientId/agents/:agentId/files/...`).
 *
 * Paths. Every path names something inside the agent's workspace, `/workspace` in its container:
 * - relative paths (`src/app.ts`) are relative to the workspace root; `''` (or `.`) is the root itself;
 * - absolute paths are accepted only under the root (`/workspace/src/app.ts`); any other absolute path
 *   is `PATH_OUTSIDE_WORKSPACE`;
 * - `.` and empty segments are dropped and `..` is resolved lexically (like a URL path, before any
 *   file system access): a `..` that climbs above the root is `PATH_OUTSIDE_WORKSPACE`;
 * - NUL, other control characters (C0, DEL, C1), backslashes and malformed UTF-16 are `INVALID_PATH`;
 *   more than {@link MAX_PATH_BYTES} bytes, a segment longer than {@link MAX_NAME_BYTES} bytes or more
 *   than {@link MAX_PATH_DEPTH} segments is `PATH_TOO_LONG`;
 * - symbolic links are followed only while they stay inside the workspace: a path whose existing part
 *   resolves (through symlinks) outside it is `PATH_OUTSIDE_WORKSPACE`. Delete and move act on a link
 *   itself (its last segment is not followed), so a link pointing outside can still be removed.
 * Paths in responses are always relative to the root, without a leading `./` (`''` is the root).
 */

export const WORKSPACE_ROOT = '/workspace';
/** PATH_MAX: longest accepted path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 4096;
/** NAME_MAX: longest accepted path segment, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 255;
/** Most segments in a path. */
export const MAX_PATH_DEPTH = 128;

export const FILE_ENTRY_TYPES = ['file', 'directory', 'symlink', 'other'] as const;
export type FileEntryType = (typeof FILE_ENTRY_TYPES)[number];

/** One file system entry (symlinks are described themselves, not their targets). */
export interface FileEntry {
  /** Last segment of `path` (the workspace root is `''`). */
  name: string;
  /** Relative to the workspace root. */
  path: string;
  type: FileEntryType;
  /** Bytes (for a symlink: the length of its target text; for a directory: what the file system says). */
  size: number;
  /** Modification time, ISO 8601 (UTC, millisecond precision). */
  mtime: string;
  /** Permission bits as four octal digits, e.g. `0644`, `1777`. */
  mode: string;
  /** For symlinks: the link's target text as stored (not resolved, may point anywhere). */
  symlinkTarget?: string;
}

/** `GET files?path=`: one directory level, directories first, then by name (ordinal, locale independent). */
export interface DirectoryListing {
  /** The listed directory, relative to the root. */
  path: string;
  entries: FileEntry[];
}

/** How file content travels in JSON. */
export const FILE_CONTENT_ENCODINGS = ['utf8', 'base64'] as const;
export type FileContentEncoding = (typeof FILE_CONTENT_ENCODINGS)[number];

/**
 * What a read asks for: `utf8` (default) answers 415 `BINARY_CONTENT` for content that is not valid
 * UTF-8; `base64` always works; `auto` answers UTF-8 when it is valid and base64 otherwise (the
 * response's `encoding` says which).
 */
export const FILE_READ_ENCODINGS = ['utf8', 'base64', 'auto'] as const;
export type FileReadEncoding = (typeof FILE_READ_ENCODINGS)[number];

/** `GET files/content?path=&encoding=` */
export interface ReadFileQuery {
  path: string;
  encoding?: FileReadEncoding;
}

/** The answer of a read: the file's entry plus its content. */
export interface FileContent extends FileEntry {
  type: 'file';
  encoding: FileContentEncoding;
  content: string;
}

/** `PUT files/content`: creates or replaces a regular file (201 when created, 200 when replaced). */
export interface WriteFileRequest {
  path: string;
  content: string;
  /** Default `utf8`. */
  encoding?: FileContentEncoding;
  /** Create missing parent directories (default false: a missing parent is `PARENT_NOT_FOUND`). */
  createParents?: boolean;
  /** Replace an existing file (default true; false makes an existing file `ALREADY_EXISTS`). */
  overwrite?: boolean;
}

/** The answer of a write: the entry as written, and whether the file is new. */
export interface WriteFileResult extends FileEntry {
  created: boolean;
}

/** `POST files/mkdir` (201 with the directory's entry; 200 when `recursive` and it already existed). */
export interface MakeDirectoryRequest {
  path: string;
  /** Create missing parents too, and accept an existing directory (like `mkdir -p`). */
  recursive?: boolean;
}

/** `POST files/move`: renames or moves a file, directory or symlink (200 with the entry at `to`). */
export interface MoveRequest {
  from: string;
  to: string;
  /** Replace an existing `to` (a file, symlink or empty directory); default false: `ALREADY_EXISTS`. */
  overwrite?: boolean;
}

/** `DELETE files?path=&recursive=` (204). */
export interface DeleteFileQuery {
  path: string;
  /** Required to delete a non-empty directory (`DIRECTORY_NOT_EMPTY` otherwise). */
  recursive?: boolean;
}

/**
 * `GET files/archive?path=`: a tar (`application/x-tar`, streamed) of a file or directory, entries
 * named after its last segment (the root is `workspace/`), symlinks inside archived as symlinks.
 * `PUT files/archive?path=<directory>` with an `application/x-tar` body extracts into that directory.
 * Every entry is checked before anything is written: relative names without `..`, only files,
 * directories, symlinks resolving inside the workspace and hard links to files earlier in the same
 * archive; owned by the agent user, setuid/setgid/sticky bits dropped. An existing directory is never
 * replaced by a file (nor the other way round).
 */
export interface ArchiveQuery {
  path: string;
}

export interface UploadResult {
  /** The directory extracted into, relative to the root. */
  path: string;
  /** Entries written. */
  entries: number;
  /** Bytes of file content written. */
  bytes: number;
}

export const TAR_CONTENT_TYPE = 'application/x-tar';

/** Stable codes of the files API (besides the generic ones in `ErrorCode` and `AgentErrorCode`). */
export const FileErrorCode = {
  /** 400: the path leaves the workspace (lexically or through a symlink). */
  PATH_OUTSIDE_WORKSPACE: 'PATH_OUTSIDE_WORKSPACE',
  /** 400: NUL or control characters, backslashes, malformed text. */
  INVALID_PATH: 'INVALID_PATH',
  /** 400: longer than MAX_PATH_BYTES, a segment longer than MAX_NAME_BYTES, or deeper than MAX_PATH_DEPTH. */
  PATH_TOO_LONG: 'PATH_TOO_LONG',
  /** 400: the operation needs a path below the root (delete, move, write, mkdir of the root). */
  PATH_IS_WORKSPACE_ROOT: 'PATH_IS_WORKSPACE_ROOT',
  /** 400: a symlink on the path cannot be resolved (a loop). */
  SYMLINK_LOOP: 'SYMLINK_LOOP',
  /** 404 */
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  /** 404: the parent directory of a path to create does not exist. */
  PARENT_NOT_FOUND: 'PARENT_NOT_FOUND',
  /** 409: a directory was expected (a listing, a parent, an upload target). */
  NOT_A_DIRECTORY: 'NOT_A_DIRECTORY',
  /** 409: a file was expected (read, write, a file in an upload over a directory). */
  IS_A_DIRECTORY: 'IS_A_DIRECTORY',
  /** 409: not a regular file, directory or symlink (fifo, socket, device). */
  UNSUPPORTED_FILE_TYPE: 'UNSUPPORTED_FILE_TYPE',
  /** 409 */
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  /** 409 */
  DIRECTORY_NOT_EMPTY: 'DIRECTORY_NOT_EMPTY',
  /** 400: moving a directory into itself. */
  MOVE_INTO_ITSELF: 'MOVE_INTO_ITSELF',
  /** 409: the file changed while it was read; retry. */
  CONCURRENT_MODIFICATION: 'CONCURRENT_MODIFICATION',
  /** 403: the agent user may not do this (file permissions in the container). */
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  /** 413: over the manager's size cap (read, write, upload) or listing too large. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** 415: the content is not UTF-8 and `encoding=utf8` was asked for. */
  BINARY_CONTENT: 'BINARY_CONTENT',
  /** 415: an upload that is not `application/x-tar`. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** 400: the upload is not a readable tar. */
  INVALID_ARCHIVE: 'INVALID_ARCHIVE',
  /** 400: an upload entry is unsafe (absolute, `..`, link out of the workspace, device, ...). */
  ARCHIVE_ENTRY_REJECTED: 'ARCHIVE_ENTRY_REJECTED',
  /** 502: the container engine failed the operation. */
  FILE_OPERATION_FAILED: 'FILE_OPERATION_FAILED',
} as const;

export type FileErrorCode = (typeof FileErrorCode)[keyof typeof FileErrorCode];
