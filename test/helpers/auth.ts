import { expect } from 'chai';
import { hashPassword } from '../../api/auth/secrets';
import { User, type UserRole } from '../../schemas/entities';
import type { Stack } from './stack';

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A tiny JSON client for the real api: method, path, body, bearer token. */
export function client(stack: Pick<Stack, 'baseUrl'>) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(stack.baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
  };
}

/** A user with a password (and optionally a role), as `npm run admin -- user add … --password` makes one. */
export async function addAccount(stack: Stack, opts: { password?: string; role?: UserRole; language?: 'fr' | 'en' } = {}): Promise<User & { password: string }> {
  const user = await stack.addUser(opts.language ? { language: opts.language } : {});
  const password = opts.password ?? `pw-${user.id.slice(0, 8)}-secret`;
  await stack.orm.em.fork().nativeUpdate(User, { id: user.id }, { passwordHash: await hashPassword(password), role: opts.role ?? 'user' });
  return Object.assign(user, { password, role: opts.role ?? 'user' });
}

export function expectProblem(res: JsonResponse<unknown>, status: number): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect((res.body as { status?: number }).status).to.equal(status);
}
