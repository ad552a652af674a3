import { expect } from 'chai';
import { decodeCursor, encodeCursor, pageOf } from '../../api/pagination';
import { HttpProblem } from '../../api/problem';

describe('keyset cursors of the REST API lists', () => {
  it('round-trips a date or a number with the id', () => {
    const at = '2026-12-02T01:00:00.000Z';
    expect(decodeCursor(encodeCursor(at, 'a1'), 'string')).to.deep.equal([at, 'a1']);
    expect(decodeCursor(encodeCursor(42, 'b2'), 'number')).to.deep.equal([42, 'b2']);
  });

  it('refuses anything it did not produce with a 400 naming query.cursor', () => {
    for (const bad of ['garbage', encodeCursor(42, 'x'), Buffer.from('[1,2]').toString('base64url'), Buffer.from('["not a date","x"]').toString('base64url')]) {
      let err: unknown;
      try {
        decodeCursor(bad, 'string');
      } catch (e) {
        err = e;
      }
      expect(err, bad).to.be.instanceOf(HttpProblem);
      expect((err as HttpProblem).status).to.equal(400);
      expect((err as HttpProblem).errors).to.deep.equal([{ path: 'query.cursor', message: 'not a cursor returned by this list' }]);
    }
  });

  it('cuts limit + 1 rows into a page and the cursor of its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id: `id${n}` }));
    const page = pageOf(rows, 2, (r) => [r.n, r.id]);
    expect(page.rows.map((r) => r.n)).to.deep.equal([1, 2]);
    expect(decodeCursor(page.nextCursor!, 'number')).to.deep.equal([2, 'id2']);
    expect(pageOf(rows, 3, (r) => [r.n, r.id]).nextCursor).to.equal(null);
  });
});
