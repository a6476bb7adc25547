import { DestroyRef } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormControl, NonNullableFormBuilder, ValidationErrors, Validators } from '@angular/forms';
import { Locality } from '@keiyaku/domain';
import { EntityType, VendorDetail, VendorStatus } from '../models';
import { corporateNumberValidator, invoiceNumberValidator, kanaValidator, phoneValidator, postalCodeValidator, textOrNull } from '../validators';

/** A corporation must give its 法人番号; a sole proprietor has none. */
function requiredForCorporation(control: AbstractControl): ValidationErrors | null {
  const corporation = control.parent?.get('entityType')?.value === 'corporation';
  return corporation && !String(control.value ?? '').trim() ? { required: true } : null;
}

/** The basic fields of a vendor, for registration and for editing. */
export function buildVendorForm(fb: NonNullableFormBuilder, destroyRef: DestroyRef) {
  const form = fb.group({
    entityType: fb.control<EntityType>('corporation'),
    vendorCode: ['', [Validators.pattern(/^\d{1,10}$/)]],
    corporateNumber: ['', [requiredForCorporation, corporateNumberValidator]],
    invoiceNumber: [''],
    name: ['', [Validators.required, Validators.maxLength(100)]],
    nameKana: ['', [Validators.required, Validators.maxLength(100), kanaValidator]],
    representativeTitle: ['', [Validators.maxLength(30)]],
    representativeName: ['', [Validators.required, Validators.maxLength(50)]],
    postalCode: ['', [Validators.required, postalCodeValidator]],
    address: ['', [Validators.required, Validators.maxLength(200)]],
    phone: ['', [Validators.required, phoneValidator]],
    fax: ['', [phoneValidator]],
    email: ['', [Validators.email, Validators.maxLength(254)]],
    locality: fb.control<Locality>('local', Validators.required),
    capital: new FormControl<number | null>(null, [Validators.min(0), Validators.max(999_999_999_999_999)]),
    status: fb.control<VendorStatus>('active'),
    notes: ['', [Validators.maxLength(1000)]],
  });
  const c = form.controls;
  c.invoiceNumber.addValidators(invoiceNumberValidator(() => (c.entityType.value === 'corporation' ? c.corporateNumber.value.trim() || null : null)));
  // The cross-field rules are re-checked when the field they depend on changes.
  c.entityType.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe((type) => {
    // A sole proprietor has no 法人番号: the field is set aside rather than validated.
    if (type === 'individual') c.corporateNumber.disable({ emitEvent: false });
    else c.corporateNumber.enable({ emitEvent: false });
    c.invoiceNumber.updateValueAndValidity();
  });
  c.corporateNumber.valueChanges.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => c.invoiceNumber.updateValueAndValidity({ emitEvent: false }));
  return form;
}

export type VendorForm = ReturnType<typeof buildVendorForm>;

export function fillVendorForm(form: VendorForm, v: VendorDetail): void {
  form.reset({
    entityType: v.entityType,
    vendorCode: v.vendorCode,
    corporateNumber: v.corporateNumber ?? '',
    invoiceNumber: v.invoiceNumber ?? '',
    name: v.name,
    nameKana: v.nameKana,
    representativeTitle: v.representativeTitle ?? '',
    representativeName: v.representativeName,
    postalCode: v.postalCode,
    address: v.address,
    phone: v.phone,
    fax: v.fax ?? '',
    email: v.email ?? '',
    locality: v.locality,
    capital: v.capital,
    status: v.status,
    notes: v.notes ?? '',
  });
}

/** The request body: trimmed text, empty as null; a sole proprietor sends no 法人番号. */
export function vendorBody(form: VendorForm): Record<string, unknown> {
  const v = form.getRawValue();
  return {
    entityType: v.entityType,
    corporateNumber: v.entityType === 'corporation' ? textOrNull(v.corporateNumber) : null,
    invoiceNumber: textOrNull(v.invoiceNumber)?.toUpperCase() ?? null,
    name: v.name.trim(),
    nameKana: v.nameKana.trim(),
    representativeTitle: textOrNull(v.representativeTitle),
    representativeName: v.representativeName.trim(),
    postalCode: v.postalCode.trim(),
    address: v.address.trim(),
    phone: v.phone.trim(),
    fax: textOrNull(v.fax),
    email: textOrNull(v.email),
    locality: v.locality,
    capital: v.capital === null || (v.capital as unknown) === '' ? null : Number(v.capital),
    status: v.status,
    notes: textOrNull(v.notes),
  };
}

/** Only what changed, so the history names the fields that were really edited. */
export function changedFields(body: Record<string, unknown>, original: VendorDetail): Record<string, unknown> {
  const source = original as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => (source[key] ?? null) !== value));
}
