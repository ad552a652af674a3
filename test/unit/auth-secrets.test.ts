import { expect } from 'chai';
import { parseScopes } from '../../api/auth/scopes';
import { hashPassword, needsRehash, normalizeRecoveryCode, recoveryCode, verifyPassword } from '../../api/auth/secrets';

describe('account secrets', () => {
  it('hashes passwords with scrypt, a salt of their own and the parameters in the hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).to.match(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.to.equal(b);
    expect(await verifyPassword('correct horse battery', a)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', a)).to.equal(false);
    expect(await verifyPassword('correct horse battery', 'not a hash')).to.equal(false);
    // Unicode compositions of the same text are the same password.
    expect(await verifyPassword('cafe\u0301 au lait!', await hashPassword('café au lait!'))).to.equal(true);
  });

  it('verifies hashes made with older, cheaper parameters and asks for a rehash', async () => {
    const cheap = await hashPassword('old password', { N: 2 ** 12, r: 8, p: 1 } as never);
    expect(await verifyPassword('old password', cheap)).to.equal(true);
    expect(needsRehash(cheap)).to.equal(true);
    expect(needsRehash(await hashPassword('new password'))).to.equal(false);
  });

  it('refuses stored parameters that would make one check cost a DoS', async () => {
    expect(await verifyPassword('x', `scrypt$${2 ** 24}$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA`)).to.equal(false);
  });

  it('makes recovery codes of 80 bits that survive sloppy typing', () => {
    const codes = new Set(Array.from({ length: 200 }, recoveryCode));
    expect(codes.size).to.equal(200);
    for (const c of codes) {
      expect(c).to.match(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(normalizeRecoveryCode(c.toLowerCase().replace(/-/g, ' '))).to.equal(c);
    }
    expect(normalizeRecoveryCode('o1lI-0000-0000-0000')).to.equal('0111-0000-0000-0000');
  });

  it('knows the scope vocabulary', () => {
    expect(parseScopes('reminders:read, users:read,reminders:read')).to.deep.equal(['reminders:read', 'users:read']);
    expect(() => parseScopes('reminders:read,admin')).to.throw(/unknown scope "admin"/);
    expect(() => parseScopes(' , ')).to.throw(/at least one scope/);
  });
});
