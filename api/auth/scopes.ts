/** What a partner key may do on behalf of a linked user. Resource routes check one of these with subjectUserId(req, scope). */
export const SCOPES = [
  'reminders:read',
  'reminders:write',
  'tasks:read',
  'tasks:write',
  'memories:read',
  'memories:write',
  'messages:read',
  'messages:write',
  'users:read',
  'users:write',
  'integrations',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** "a,b" → ['a','b'], trimmed, deduplicated, every one known; throws naming the unknown one. */
export function parseScopes(list: string): Scope[] {
  const parts = [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
  if (parts.length === 0) throw new Error(`at least one scope is required (${SCOPES.join(', ')})`);
  for (const p of parts) if (!isScope(p)) throw new Error(`unknown scope "${p}" (known: ${SCOPES.join(', ')})`);
  return parts as Scope[];
}
