import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';
import { Label } from './validation';

/** The body of an action on a versioned row (confirm, approve, discard …): the version the user saw. */
export class VersionDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
}
