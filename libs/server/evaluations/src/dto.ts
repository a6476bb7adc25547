import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVALUATION_STATUSES, EXPLANATION_KINDS } from '@keiyaku/domain';
import type { EvaluationRuleDefinition, RaterEntries } from '@keiyaku/domain';
import { IsOmittable, Label, ListQueryDto } from '@keiyaku/server/core';

export const RULE_CATEGORIES = ['construction', 'survey'] as const;

export { VersionDto } from '@keiyaku/server/core';

export class RuleSetQueryDto {
  @ApiPropertyOptional({ enum: RULE_CATEGORIES }) @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
}

export class CreateRuleSetDto {
  @ApiProperty() @Label('評定要領コード') @IsString() @IsNotEmpty() @MaxLength(40) @Matches(/^[A-Za-z0-9._-]+$/, { message: '評定要領コードは半角英数字・記号（. _ -）で入力してください。' }) code!: string;
  @ApiProperty() @Label('名称') @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ enum: RULE_CATEGORIES }) @Label('部門') @IsIn(RULE_CATEGORIES) category!: 'construction' | 'survey';
  @ApiProperty() @Label('適用開始日') @IsDateString({ strict: true }) effectiveFrom!: string;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(1000) notes?: string | null;
  @ApiPropertyOptional() @Label('複写元の評定要領') @IsOptional() @IsInt() @Min(1) copyOf?: number | null;
  @ApiPropertyOptional() @Label('評定要領の内容') @IsOptional() @IsObject() definition?: EvaluationRuleDefinition | null;
}

export class UpdateRuleSetDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('評定要領コード') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(40) @Matches(/^[A-Za-z0-9._-]+$/, { message: '評定要領コードは半角英数字・記号（. _ -）で入力してください。' }) code?: string;
  @ApiPropertyOptional() @Label('名称') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @Label('適用開始日') @IsOmittable() @IsDateString({ strict: true }) effectiveFrom?: string;
  @ApiPropertyOptional() @Label('備考') @IsOptional() @IsString() @MaxLength(1000) notes?: string | null;
  @ApiPropertyOptional() @Label('評定要領の内容') @IsOmittable() @IsObject() definition?: EvaluationRuleDefinition;
}

export class CalculateDto {
  @ApiPropertyOptional() @Label('評定要領') @IsOptional() @IsInt() @Min(1) ruleSetId?: number;
  @ApiPropertyOptional({ enum: RULE_CATEGORIES }) @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
  @ApiPropertyOptional() @Label('基準日') @IsOptional() @IsDateString({ strict: true }) date?: string;
  @ApiPropertyOptional() @Label('評定要領の内容') @IsOptional() @IsObject() definition?: EvaluationRuleDefinition;
  @ApiPropertyOptional() @Label('主任監督員の評定') @IsOptional() @IsObject() chiefSupervisor?: RaterEntries;
  @ApiPropertyOptional() @Label('総括監督員の評定') @IsOptional() @IsObject() generalSupervisor?: RaterEntries;
  @ApiPropertyOptional() @Label('検査員の評定') @IsOptional() @IsObject() inspector?: RaterEntries;
  @ApiPropertyOptional() @Label('中間・既済部分検査の評定') @IsOptional() @IsArray() @ArrayMaxSize(20) @IsObject({ each: true }) interimInspectors?: RaterEntries[];
  @ApiPropertyOptional() @Label('法令遵守等の減点') @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) deductions?: string[];
}

export class EvaluationListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional() @Label('担当課') @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional({ enum: EVALUATION_STATUSES }) @Label('状態') @IsOptional() @IsIn(EVALUATION_STATUSES) status?: string;
  @ApiPropertyOptional() @Label('業者') @IsOptional() @Type(() => Number) @IsInt() @Min(1) vendorId?: number;
  @ApiPropertyOptional() @Label('契約') @IsOptional() @Type(() => Number) @IsInt() @Min(1) contractId?: number;
  @ApiPropertyOptional({ enum: RULE_CATEGORIES }) @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
  @ApiPropertyOptional() @Label('評定点（下限）') @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(200) scoreMin?: number;
  @ApiPropertyOptional() @Label('評定点（上限）') @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(200) scoreMax?: number;
  @ApiPropertyOptional() @Label('自分の担当のみ') @IsOptional() @IsIn(['1', 'true', '0', 'false']) mine?: string;
}

export class OpenEvaluationDto {
  @ApiProperty() @Label('契約') @IsInt() @Min(1) contractId!: number;
}

export class AssignRatersDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('主任監督員') @IsOptional() @IsInt() @Min(1) chiefSupervisorId?: number | null;
  @ApiPropertyOptional() @Label('総括監督員') @IsOptional() @IsInt() @Min(1) generalSupervisorId?: number | null;
  @ApiPropertyOptional() @Label('検査員') @IsOptional() @IsInt() @Min(1) inspectorId?: number | null;
}

export class SavePartDto {
  @ApiProperty() @Label('評定の版数') @IsInt() @Min(1) version!: number;
  @ApiProperty({ description: 'criterion key → { grade, ticked, struck, points, reason }' }) @Label('評定内容') @IsObject() entries!: RaterEntries;
}

export class ReturnPartDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('差戻しの理由') @IsString() @IsNotEmpty() @MaxLength(600) comment!: string;
}

export class DeductionDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('法令遵守等の減点') @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) keys!: string[];
  @ApiPropertyOptional() @Label('減点の理由') @IsOptional() @IsString() @MaxLength(1000) reason?: string | null;
}

export class ConfirmDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('コメント') @IsOptional() @IsString() @MaxLength(600) comment?: string | null;
}

export class NoticeDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('通知日') @IsDateString({ strict: true }) noticeDate!: string;
}

export class CorrectDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiProperty() @Label('訂正の理由') @IsString() @IsNotEmpty() @MaxLength(1000) reason!: string;
}

export class CreateExplanationDto {
  @ApiPropertyOptional({ enum: EXPLANATION_KINDS }) @Label('種別') @IsOptional() @IsIn(EXPLANATION_KINDS) kind?: 'explanation' | 'reexplanation';
  @ApiProperty() @Label('受付日') @IsDateString({ strict: true }) receivedOn!: string;
  @ApiProperty() @Label('請求の内容') @IsString() @IsNotEmpty() @MaxLength(4000) content!: string;
  @ApiPropertyOptional() @Label('回答期限') @IsOptional() @IsDateString({ strict: true }) dueOn?: string | null;
}

export class UpdateExplanationDto {
  @ApiProperty() @Label('版数') @IsInt() @Min(1) version!: number;
  @ApiPropertyOptional() @Label('請求の内容') @IsOmittable() @IsString() @IsNotEmpty() @MaxLength(4000) content?: string;
  @ApiPropertyOptional() @Label('回答期限') @IsOmittable() @IsDateString({ strict: true }) dueOn?: string;
  @ApiPropertyOptional() @Label('回答') @IsOptional() @IsString() @MaxLength(4000) answer?: string | null;
  @ApiPropertyOptional() @Label('回答日') @IsOptional() @IsDateString({ strict: true }) answeredOn?: string | null;
  @ApiPropertyOptional() @Label('回答者') @IsOptional() @IsString() @MaxLength(200) answeredBy?: string | null;
  @ApiPropertyOptional() @Label('回答文書') @IsOptional() @IsInt() @Min(1) answerFileId?: number | null;
  @ApiPropertyOptional({ enum: ['open', 'withdrawn'] }) @Label('状態') @IsOmittable() @IsIn(['open', 'withdrawn']) status?: 'open' | 'withdrawn';
}

export class ExplanationListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'answered', 'withdrawn'] }) @Label('状態') @IsOptional() @IsIn(['open', 'answered', 'withdrawn']) status?: string;
}

export class VendorAverageQueryDto {
  @ApiProperty() @Label('業者') @Type(() => Number) @IsInt() @Min(1) vendorId!: number;
  @ApiPropertyOptional() @Label('業種') @IsOptional() @IsString() @MaxLength(10) tradeCode?: string;
  @ApiPropertyOptional({ enum: RULE_CATEGORIES }) @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
  @ApiPropertyOptional() @Label('最終年度') @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) lastFiscalYear?: number;
}

export class StatisticsQueryDto {
  @ApiPropertyOptional() @Label('年度') @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) fiscalYear?: number;
  @ApiPropertyOptional() @Label('集計年度数') @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10) years?: number;
  @ApiPropertyOptional({ enum: RULE_CATEGORIES }) @Label('部門') @IsOptional() @IsIn(RULE_CATEGORIES) category?: string;
}
