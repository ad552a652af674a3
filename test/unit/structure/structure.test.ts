import { expect } from 'chai';
import * as workflows from '../../../workflows';
import { CONVERSATION_WORKFLOW, type ConversationWorkflow } from '../../../workflows/contracts/conversation';
import { REMINDER_WORKFLOW, type ReminderWorkflow } from '../../../workflows/contracts/reminder';
import { ACCOUNT_DELETION_WORKFLOW, type AccountDeletionWorkflow } from '../../../workflows/contracts/account-deletion';
import { PROVISIONING_WORKFLOW, type ProvisioningWorkflow } from '../../../workflows/contracts/provisioning';
import { RETENTION_PURGE_WORKFLOW, type RetentionPurgeWorkflow } from '../../../workflows/contracts/retention-purge';
import { SYNC_WORKFLOW } from '../../../workflows/contracts/sync';
import { cycles, importEdges } from './import-graph';

// The shape of docs/architecture.md, checked: a change that breaks it fails here with the files named.
describe('project structure', () => {
  const edges = importEdges();
  const layer = (path: string) => path.split('/')[0]!;

  it('reads the import graph of the product', () => {
    expect(edges.length).to.be.greaterThan(500);
  });

  it('has no import cycle, type imports included', () => {
    expect(cycles(edges)).to.deep.equal([]);
  });

  it('keeps the api, the CLIs and the services off the activities (they call services)', () => {
    const crossing = edges.filter((e) => ['api', 'cli', 'services'].includes(layer(e.from)) && layer(e.to) === 'activities');
    expect(crossing).to.deep.equal([]);
  });

  it('starts workflows outside workflows/ by contract, never by importing an implementation', () => {
    const implementation = /^workflows\/(?!contracts\/|lib\/)/;
    const crossing = edges.filter((e) => !e.from.startsWith('workflows/') && implementation.test(e.to)).map((e) => `${e.from} -> ${e.to}`);
    expect(crossing).to.deep.equal([]);
  });

  it('keeps language/ pure: it imports only language/ and the types of workflows/lib', () => {
    const crossing = edges.filter((e) => e.from.startsWith('language/') && !e.to.startsWith('language/') && !(e.to.startsWith('workflows/lib/') && e.typeOnly));
    expect(crossing.map((e) => `${e.from} -> ${e.to}`)).to.deep.equal([]);
  });

  it('names each workflow as its contract does (clients start them by that name)', () => {
    const exported = workflows as Record<string, unknown>;
    for (const name of [CONVERSATION_WORKFLOW, REMINDER_WORKFLOW, ACCOUNT_DELETION_WORKFLOW, PROVISIONING_WORKFLOW, RETENTION_PURGE_WORKFLOW, SYNC_WORKFLOW]) {
      expect(exported[name], name).to.be.a('function');
    }
    // The signatures too (a compile-time check: `npm run typecheck` fails when they drift).
    const signatures: [ConversationWorkflow, ReminderWorkflow, AccountDeletionWorkflow, ProvisioningWorkflow, RetentionPurgeWorkflow] = [
      workflows.conversationWorkflow, workflows.reminderWorkflow, workflows.accountDeletionWorkflow, workflows.numberProvisioningWorkflow, workflows.retentionPurgeWorkflow,
    ];
    expect(signatures).to.have.length(5);
  });
});
