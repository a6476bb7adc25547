import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { hasAnyPermission, Permission, SessionUser } from '@keiyaku/domain';

export type SessionCheck = { user: SessionUser } | { user: null; code: string | null; status: number };

/** The signed-in staff user, kept in a signal; the session itself lives in an httpOnly cookie. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly current = signal<SessionUser | null>(null);

  readonly user = this.current.asReadonly();
  readonly signedIn = computed(() => this.current() !== null);

  /** Asks the server who is signed in; a 401 clears the local user. */
  async me(): Promise<SessionCheck> {
    try {
      const user = await firstValueFrom(this.http.get<SessionUser>('/api/auth/me'));
      this.current.set(user);
      return { user };
    } catch (err) {
      const status = err instanceof HttpErrorResponse ? err.status : 0;
      const code = err instanceof HttpErrorResponse ? (err.error?.code ?? null) : null;
      if (status === 401) this.current.set(null);
      return { user: null, code, status };
    }
  }

  async login(loginId: string, password: string): Promise<SessionUser> {
    const user = await firstValueFrom(this.http.post<SessionUser>('/api/auth/login', { loginId, password }));
    this.current.set(user);
    return user;
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}));
    } finally {
      this.current.set(null);
    }
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(this.http.post<void>('/api/auth/password', { currentPassword, newPassword }));
    const user = this.current();
    if (user) this.current.set({ ...user, mustChangePassword: false });
  }

  /** Forgets the user locally (the server already ended the session). */
  clear(): void {
    this.current.set(null);
  }

  can(...permissions: Permission[]): boolean {
    return hasAnyPermission(this.current()?.permissions ?? [], permissions);
  }
}
