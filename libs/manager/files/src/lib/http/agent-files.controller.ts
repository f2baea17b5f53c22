import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  type DirectoryListing,
  type FileContent,
  type FileEntry,
  TAR_CONTENT_TYPE,
  type UploadResult,
  type WriteFileResult,
} from '@wharf/contracts';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AgentFilesService } from '../agent-files.service';
import {
  ArchiveQueryDto,
  DeleteFileQueryDto,
  DirectoryListingDto,
  FileContentDto,
  FileEntryDto,
  ListFilesQueryDto,
  MakeDirectoryDto,
  MoveDto,
  ReadFileQueryDto,
  UploadResultDto,
  WriteFileDto,
  WriteFileResultDto,
} from '../dto/files.dto';

const AgentId = () => Param('agentId', new ParseUUIDPipe({ version: '4' }));
const PATH_ERRORS = 'PATH_OUTSIDE_WORKSPACE, INVALID_PATH, PATH_TOO_LONG, SYMLINK_LOOP, VALIDATION_FAILED';

/** `/api/agents/:agentId/files`: the agent's workspace (`/workspace` in its container). */
@ApiTags('files')
@ApiParam({ name: 'agentId', format: 'uuid' })
@ApiBadRequestResponse({ description: PATH_ERRORS })
@ApiNotFoundResponse({
  description: 'AGENT_NOT_FOUND, FILE_NOT_FOUND, PARENT_NOT_FOUND',
})
@Controller('agents/:agentId/files')
export class AgentFilesController {
  constructor(private readonly files: AgentFilesService) {}

  @Get()
  @ApiOperation({
    summary: 'List one directory level (directories first, then by name).',
  })
  @ApiOkResponse({ type: DirectoryListingDto })
  @ApiConflictResponse({ description: 'NOT_A_DIRECTORY' })
  list(@AgentId() agentId: string, @Query() q: ListFilesQueryDto): Promise<DirectoryListing> {
    return this.files.list(agentId, q.path ?? '');
  }

  @Get('content')
  @ApiOperation({ summary: 'Read a file (size-capped; UTF-8 or base64).' })
  @ApiOkResponse({ type: FileContentDto })
  @ApiConflictResponse({
    description: 'IS_A_DIRECTORY, UNSUPPORTED_FILE_TYPE, CONCURRENT_MODIFICATION',
  })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'BINARY_CONTENT (encoding=utf8 and the content is not UTF-8)',
  })
  read(@AgentId() agentId: string, @Query() q: ReadFileQueryDto): Promise<FileContent> {
    return this.files.read(agentId, q.path, q.encoding ?? 'utf8');
  }

  @Put('content')
  @ApiOperation({ summary: 'Create (201) or replace (200) a file.' })
  @ApiOkResponse({ type: WriteFileResultDto, description: 'Replaced.' })
  @ApiCreatedResponse({ type: WriteFileResultDto, description: 'Created.' })
  @ApiConflictResponse({
    description: 'IS_A_DIRECTORY, NOT_A_DIRECTORY, ALREADY_EXISTS (overwrite=false)',
  })
  @ApiPayloadTooLargeResponse({
    description: 'FILE_TOO_LARGE, PAYLOAD_TOO_LARGE',
  })
  async write(@AgentId() agentId: string, @Body() dto: WriteFileDto, @Res({ passthrough: true }) res: Response): Promise<WriteFileResult> {
    const result = await this.files.write(agentId, dto);
    res.status(result.created ? 201 : 200);
    return result;
  }

  @Post('mkdir')
  @ApiOperation({
    summary: 'Create a directory (201); with recursive, parents too and an existing one is fine (200).',
  })
  @ApiCreatedResponse({ type: FileEntryDto })
  @ApiConflictResponse({ description: 'ALREADY_EXISTS, NOT_A_DIRECTORY' })
  async mkdir(@AgentId() agentId: string, @Body() dto: MakeDirectoryDto, @Res({ passthrough: true }) res: Response): Promise<FileEntry> {
    const { entry, created } = await this.files.mkdir(agentId, dto);
    res.status(created ? 201 : 200);
    return entry;
  }

  @Post('move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rename or move a file, directory or symlink.' })
  @ApiOkResponse({
    type: FileEntryDto,
    description: 'The entry at its new path.',
  })
  @ApiConflictResponse({
    description: 'ALREADY_EXISTS (overwrite=false), IS_A_DIRECTORY, NOT_A_DIRECTORY, DIRECTORY_NOT_EMPTY',
  })
  move(@AgentId() agentId: string, @Body() dto: MoveDto): Promise<FileEntry> {
    return this.files.move(agentId, dto);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a file, symlink (never its target) or directory (non-empty: recursive=true).',
  })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'DIRECTORY_NOT_EMPTY' })
  async remove(@AgentId() agentId: string, @Query() q: DeleteFileQueryDto): Promise<void> {
    await this.files.remove(agentId, q.path, q.recursive ?? false);
  }

  @Get('archive')
  @ApiOperation({
    summary: 'Download a file or directory as a tar (streamed).',
  })
  @ApiProduces(TAR_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'application/x-tar',
    schema: { type: 'string', format: 'binary' },
  })
  async download(@AgentId() agentId: string, @Query() q: ArchiveQueryDto, @Res() res: Response): Promise<void> {
    const { stream, filename } = await this.files.download(agentId, q.path ?? '');
    res.status(200).set({
      'Content-Type': TAR_CONTENT_TYPE,
      'Content-Disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'Cache-Control': 'no-store',
    });
    try {
      await pipeline(stream, res);
    } catch {
      // The client went away or the engine stream broke: headers are out, all we can do is cut it.
      stream.destroy();
      res.destroy();
    }
  }

  @Put('archive')
  @ApiOperation({
    summary: 'Upload a tar and extract it into a directory (every entry checked first).',
  })
  @ApiConsumes(TAR_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: UploadResultDto })
  @ApiConflictResponse({
    description: 'NOT_A_DIRECTORY, IS_A_DIRECTORY, ALREADY_EXISTS',
  })
  @ApiPayloadTooLargeResponse({ description: 'FILE_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE' })
  upload(
    @AgentId() agentId: string,
    @Query() q: ArchiveQueryDto,
    @Req() req: Request,
    @Headers('content-type') contentType?: string,
  ): Promise<UploadResult> {
    return this.files.upload(agentId, q.path, req, contentType);
  }
}
