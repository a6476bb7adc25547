import { Pipe, PipeTransform } from '@angular/core';
import { DateInput, formatJapaneseDate, formatJapaneseDateTime } from '@keiyaku/domain';

/** 令和8年1月31日 */
@Pipe({ name: 'japaneseDate' })
export class JapaneseDatePipe implements PipeTransform {
  transform(value: DateInput): string {
    return formatJapaneseDate(value);
  }
}

/** 令和8年1月31日 14:05 (Japan time) */
@Pipe({ name: 'japaneseDateTime' })
export class JapaneseDateTimePipe implements PipeTransform {
  transform(value: DateInput): string {
    return formatJapaneseDateTime(value);
  }
}
