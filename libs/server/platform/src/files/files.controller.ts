/// <reference types="multer" />
import { Body, Controller, Get, Param, ParseIntPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { tmpdir } from 'node:os';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { badRequest, Label } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import { AuthUser, CurrentUser } from '@keiyaku/server/auth';
import { FilesService } from './files.service';
import { StoredFile } from './stored-file.entity';

class UploadDto {
  @Label('用途') @IsOptional() @IsString() @MaxLength(40) @Matches(/^[a-z][a-zA-Z0-9.-]*$/) purpose?: string;
}

export const fileView = (f: StoredFile) => ({
  id: f.id,
  name: f.name,
  size: f.size,
  sha256: f.sha256,
  contentType: f.contentType,
  purpose: f.purpose,
  createdAt: f.createdAt,
});

/** RFC 5987 so that Japanese file names survive every browser. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@ApiTags('files')
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly audit: AuditService,
  ) {}

  /** multipart/form-data with `file` (and `purpose`); the hard cap guards memory and disk. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, purpose: { type: 'string' } } } })
  @UseInterceptors(FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: 200 * 1024 * 1024, files: 1 } }))
  async upload(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: UploadDto, @CurrentUser() user: AuthUser) {
    if (!file) throw badRequest('file', 'ファイル（file）を選択してください。');
    // Browsers send the name as latin1 bytes of UTF-8.
    const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
    const stored = await this.files.storeUpload({ tmpPath: file.path, name, purpose: body.purpose ?? 'upload', owner: user });
    return fileView(stored);
  }

  @Get(':id')
  async meta(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser) {
    return fileView(await this.files.readable(id, user));
  }

  @Get(':id/content')
  async download(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const file = await this.files.readable(id, user);
    await this.audit.record({ action: 'download', entity: 'StoredFile', entityId: file.id, summary: file.name });
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition('attachment', file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    this.files.openStream(file).pipe(res);
  }
}
