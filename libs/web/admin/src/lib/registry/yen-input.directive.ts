import { Directive, ElementRef, forwardRef, inject } from '@angular/core';
import { ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';

/**
 * An amount in yen typed as text with thousands separators (50,000,000): shown grouped, read
 * back as a number. Full-width digits, commas and 円 are accepted; anything else gives NaN so
 * that the form's integer check reports it instead of silently dropping characters.
 */
@Directive({
  selector: 'input[kyYenInput]',
  host: { type: 'text', inputmode: 'numeric', autocomplete: 'off', '(input)': 'changed()', '(blur)': 'blurred()' },
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => YenInputDirective), multi: true }],
})
export class YenInputDirective implements ControlValueAccessor {
  private readonly input = inject<ElementRef<HTMLInputElement>>(ElementRef).nativeElement;
  private onChange: (value: number | null) => void = () => undefined;
  private onTouched: () => void = () => undefined;

  writeValue(value: number | null): void {
    this.input.value = format(value);
  }

  registerOnChange(fn: (value: number | null) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.input.disabled = disabled;
  }

  changed(): void {
    this.onChange(parseYen(this.input.value));
  }

  blurred(): void {
    const value = parseYen(this.input.value);
    if (value !== null && !Number.isNaN(value)) this.input.value = format(value);
    this.onTouched();
  }
}

function format(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '' : value.toLocaleString('ja-JP');
}

export function parseYen(text: string): number | null {
  const plain = text.normalize('NFKC').replace(/[,\s円]/g, '');
  if (plain === '') return null;
  return /^-?\d+$/.test(plain) ? Number(plain) : NaN;
}
