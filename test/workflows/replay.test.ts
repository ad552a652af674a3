import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { getWorkflowBundle, testDataConverter } from '../helpers/temporal';

/**
 * Determinism guard: recorded histories of real runs (test/histories, made by record.ts) must
 * replay on today's workflow code. A change that would break running workflows fails here.
 * The replayer runs with the product's encrypted data converter: histories recorded before
 * payload encryption (plain `json/plain` payloads) must keep replaying through it.
 */
describe('replaying recorded workflow histories', function () {
  this.timeout(60_000);
  const dir = join(__dirname, '../histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.history.bin'));

  it('has histories to replay', () => {
    expect(files).to.include.members(['conversation.history.bin', 'reminder-missed.history.bin', 'reminder-snoozed.history.bin', 'reminder-daily.history.bin']);
  });

  for (const file of files) {
    it(`replays ${file} without nondeterminism`, async () => {
      const history = temporal.api.history.v1.History.decode(readFileSync(join(dir, file)));
      const workflowId = file.replace(/\.history\.bin$/, '');
      const result = await Worker.runReplayHistory({ workflowBundle: await getWorkflowBundle(), dataConverter: testDataConverter }, history, workflowId);
      expect(result).to.equal(undefined);
    });
  }
});
