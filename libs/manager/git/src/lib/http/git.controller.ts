import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { GitBranches, GitCommitResult, GitDiff, GitLogPage, GitRemoteResult, GitStatus } from '@wharf/contracts';
import { AgentGitService } from '../agent-git.service';
import {
  CheckoutDto,
  CommitDto,
  CreateBranchDto,
  DeleteBranchQuery,
  DiffQueryDto,
  FetchDto,
  LogQueryDto,
  PathsDto,
  PullDto,
  PushDto,
  StatusQuery,
} from './git.dto';

const AgentId = () => Param('agentId', new ParseUUIDPipe({ version: '4' }));

/** `/api/agents/:agentId/git/...` — see libs/contracts/src/lib/git.ts for the payloads and error codes. */
@ApiTags('git')
@Controller('agents/:agentId/git')
export class AgentGitController {
  constructor(private readonly git: AgentGitService) {}

  @Get('status')
  @ApiOkResponse({ description: 'Branch, upstream, ahead/behind, staged, unstaged, untracked and conflicted paths (one git exec).' })
  status(@AgentId() agentId: string, @Query() q: StatusQuery): Promise<GitStatus> {
    return this.git.status(agentId, { untracked: q.untracked });
  }

  @Get('diff')
  @ApiOkResponse({ description: 'Unified patch (cut at maxBytes) and per-file summary.' })
  @ApiBadRequestResponse({ description: 'INVALID_REF_NAME, INVALID_PATH' })
  diff(@AgentId() agentId: string, @Query() q: DiffQueryDto): Promise<GitDiff> {
    return this.git.diff(agentId, {
      staged: q.staged === 'true',
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.path !== undefined ? { path: q.path } : {}),
      ...(q.maxBytes !== undefined ? { maxBytes: q.maxBytes } : {}),
      ...(q.context !== undefined ? { context: q.context } : {}),
    });
  }

  @Get('log')
  @ApiOkResponse({ description: 'A page of commits, newest first.' })
  log(@AgentId() agentId: string, @Query() q: LogQueryDto): Promise<GitLogPage> {
    return this.git.log(agentId, {
      skip: q.skip,
      limit: q.limit,
      ...(q.ref !== undefined ? { ref: q.ref } : {}),
      ...(q.path !== undefined ? { path: q.path } : {}),
    });
  }

  @Get('branches')
  branches(@AgentId() agentId: string): Promise<GitBranches> {
    return this.git.branches(agentId);
  }

  @Post('branches')
  @ApiCreatedResponse({ description: 'The branches after the creation.' })
  @ApiConflictResponse({ description: 'BRANCH_EXISTS' })
  createBranch(@AgentId() agentId: string, @Body() dto: CreateBranchDto): Promise<GitBranches> {
    return this.git.createBranch(agentId, dto);
  }

  @Delete('branches')
  @ApiOkResponse({ description: 'The branches after the deletion.' })
  @ApiConflictResponse({ description: 'BRANCH_IS_CURRENT, BRANCH_NOT_MERGED' })
  deleteBranch(@AgentId() agentId: string, @Query() q: DeleteBranchQuery): Promise<GitBranches> {
    return this.git.deleteBranch(agentId, q.name, q.force === 'true');
  }

  @Post('checkout')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'UNCOMMITTED_CHANGES' })
  checkout(@AgentId() agentId: string, @Body() dto: CheckoutDto): Promise<GitStatus> {
    return this.git.checkout(agentId, dto.branch);
  }

  @Post('stage')
  @HttpCode(200)
  stage(@AgentId() agentId: string, @Body() dto: PathsDto): Promise<GitStatus> {
    return this.git.stage(agentId, dto);
  }

  @Post('unstage')
  @HttpCode(200)
  unstage(@AgentId() agentId: string, @Body() dto: PathsDto): Promise<GitStatus> {
    return this.git.unstage(agentId, dto);
  }

  @Post('commit')
  @ApiCreatedResponse({ description: 'The new commit and the status after it.' })
  @ApiConflictResponse({ description: 'NOTHING_TO_COMMIT, MERGE_CONFLICT' })
  commit(@AgentId() agentId: string, @Body() dto: CommitDto): Promise<GitCommitResult> {
    return this.git.commit(agentId, dto);
  }

  @Post('fetch')
  @HttpCode(200)
  fetch(@AgentId() agentId: string, @Body() dto: FetchDto): Promise<GitRemoteResult> {
    return this.git.fetch(agentId, dto);
  }

  @Post('pull')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'NOT_FAST_FORWARD, MERGE_CONFLICT, REBASE_CONFLICT, UNCOMMITTED_CHANGES, NO_UPSTREAM' })
  pull(@AgentId() agentId: string, @Body() dto: PullDto): Promise<GitRemoteResult> {
    return this.git.pull(agentId, dto);
  }

  @Post('push')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'PUSH_REJECTED' })
  push(@AgentId() agentId: string, @Body() dto: PushDto): Promise<GitRemoteResult> {
    return this.git.push(agentId, dto);
  }
}
