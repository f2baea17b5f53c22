import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type ArchiveQuery,
  type DeleteFileQuery,
  FILE_CONTENT_ENCODINGS,
  FILE_ENTRY_TYPES,
  FILE_READ_ENCODINGS,
  type FileContentEncoding,
  type FileEntry,
  type FileEntryType,
  type FileReadEncoding,
  type MakeDirectoryRequest,
  MAX_PATH_BYTES,
  type MoveRequest,
  type ReadFileQuery,
  type WriteFileRequest,
} from '@wharf/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, isBase64, ValidateBy } from 'class-validator';

// Paths are only checked for type here: the service validates them (INVALID_PATH, PATH_TOO_LONG,
// PATH_OUTSIDE_WORKSPACE, ...) with codes a client can act on.
const PATH_DOC = {
  description: 'Relative to /workspace (or absolute under it); `..` may not climb above it.',
  maxLength: MAX_PATH_BYTES,
  example: 'src/app.ts',
};

/** Query booleans arrive as text: only `true` and `false` are accepted. */
const QueryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** `content` must be base64 when `encoding` is base64 (and anything when it is utf8). */
const IsBase64WhenEncoded = () =>
  ValidateBy({
    name: 'isBase64WhenEncoded',
    validator: {
      validate: (value: unknown, args) =>
        (args?.object as { encoding?: string }).encoding !== 'base64' || (typeof value === 'string' && (value === '' || isBase64(value))),
      defaultMessage: () => 'content must be base64 encoded when encoding is base64',
    },
  });

export class ListFilesQueryDto {
  @ApiPropertyOptional({ ...PATH_DOC, example: 'src', default: '' })
  @IsOptional()
  @IsString()
  path?: string;
}

export class ReadFileQueryDto implements ReadFileQuery {
  @ApiProperty(PATH_DOC)
  @IsString()
  path!: string;

  @ApiPropertyOptional({
    enum: FILE_READ_ENCODINGS,
    default: 'utf8',
    description: 'utf8: 415 BINARY_CONTENT unless valid UTF-8; auto: utf8 or base64.',
  })
  @IsOptional()
  @IsIn(FILE_READ_ENCODINGS)
  encoding?: FileReadEncoding;
}

export class DeleteFileQueryDto implements DeleteFileQuery {
  @ApiProperty(PATH_DOC)
  @IsString()
  path!: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Required to delete a non-empty directory.',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  recursive?: boolean;
}

export class ArchiveQueryDto implements Partial<ArchiveQuery> {
  @ApiPropertyOptional({ ...PATH_DOC, example: 'src', default: '' })
  @IsOptional()
  @IsString()
  path?: string;
}

export class WriteFileDto implements WriteFileRequest {
  @ApiProperty(PATH_DOC)
  @IsString()
  path!: string;

  @ApiProperty({ description: 'The whole new content, in `encoding`.' })
  @IsString()
  @IsBase64WhenEncoded()
  content!: string;

  @ApiPropertyOptional({ enum: FILE_CONTENT_ENCODINGS, default: 'utf8' })
  @IsOptional()
  @IsIn(FILE_CONTENT_ENCODINGS)
  encoding?: FileContentEncoding;

  @ApiPropertyOptional({
    default: false,
    description: 'Create missing parent directories.',
  })
  @IsOptional()
  @IsBoolean()
  createParents?: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'false: 409 ALREADY_EXISTS when the file exists.',
  })
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

export class MakeDirectoryDto implements MakeDirectoryRequest {
  @ApiProperty(PATH_DOC)
  @IsString()
  path!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Create parents too and accept an existing directory.',
  })
  @IsOptional()
  @IsBoolean()
  recursive?: boolean;
}

export class MoveDto implements MoveRequest {
  @ApiProperty(PATH_DOC)
  @IsString()
  from!: string;

  @ApiProperty({ ...PATH_DOC, example: 'src/main.ts' })
  @IsString()
  to!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Replace an existing file, symlink or empty directory at `to`.',
  })
  @IsOptional()
  @IsBoolean()
  overwrite?: boolean;
}

/** Response schemas (OpenAPI only). */
export class FileEntryDto implements FileEntry {
  @ApiProperty() name!: string;
  @ApiProperty() path!: string;
  @ApiProperty({ enum: FILE_ENTRY_TYPES }) type!: FileEntryType;
  @ApiProperty() size!: number;
  @ApiProperty({ format: 'date-time' }) mtime!: string;
  @ApiProperty({ example: '0644' }) mode!: string;
  @ApiPropertyOptional() symlinkTarget?: string;
}

export class DirectoryListingDto {
  @ApiProperty() path!: string;
  @ApiProperty({ type: [FileEntryDto] }) entries!: FileEntryDto[];
}

export class FileContentDto extends FileEntryDto {
  @ApiProperty({ enum: FILE_CONTENT_ENCODINGS }) encoding!: FileContentEncoding;
  @ApiProperty() content!: string;
}

export class WriteFileResultDto extends FileEntryDto {
  @ApiProperty() created!: boolean;
}

export class UploadResultDto {
  @ApiProperty() path!: string;
  @ApiProperty() entries!: number;
  @ApiProperty() bytes!: number;
}
