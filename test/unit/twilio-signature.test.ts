import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import twilio from 'twilio';
import { createLogger } from '../../services/infra/logger';
import { twilioSignature } from '../../api/routes/twilio-webhooks';
import { problemHandler } from '../../api/problem';
import type { Config } from '../../schemas/config';

describe('the Twilio signature check', () => {
  const token = 'test-auth-token-123';
  const publicBaseUrl = 'https://assistant.example.com';
  const config = { publicBaseUrl, twilio: { webhookAuthToken: token } } as Config;
  let url: string;
  let server: ReturnType<express.Express['listen']>;

  before((done) => {
    const app = express();
    app.post('/webhooks/twilio/sms', express.urlencoded({ extended: false }), twilioSignature({ config, logger: createLogger({ level: 'error', json: true, service: 't' }) }), (_req, res) => {
      res.status(200).send('ok');
    });
    app.use(problemHandler(() => undefined));
    server = app.listen(0, '127.0.0.1', () => {
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/twilio/sms`;
      done();
    });
  });
  after((done) => {
    server.close(() => done());
  });

  const params = { MessageSid: 'SM123', From: '+15145550100', To: '+15145550199', Body: 'Allô à soir' };
  const post = (signature: string | null, body: Record<string, string> = params) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: new URLSearchParams(body),
    });

  it('accepts a request signed for the public URL and body', async () => {
    const signature = twilio.getExpectedTwilioSignature(token, `${publicBaseUrl}/webhooks/twilio/sms`, params);
    expect((await post(signature)).status).to.equal(200);
  });

  it('rejects a missing signature with 403 problem+json', async () => {
    const res = await post(null);
    expect(res.status).to.equal(403);
    expect(await res.json()).to.include({ status: 403, title: 'Forbidden' });
  });

  it('rejects a signature made with another token', async () => {
    const signature = twilio.getExpectedTwilioSignature('other-token', `${publicBaseUrl}/webhooks/twilio/sms`, params);
    expect((await post(signature)).status).to.equal(403);
  });

  it('rejects a signature for another URL (the local one instead of the public one)', async () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    expect((await post(signature)).status).to.equal(403);
  });

  it('rejects a body changed after signing', async () => {
    const signature = twilio.getExpectedTwilioSignature(token, `${publicBaseUrl}/webhooks/twilio/sms`, params);
    expect((await post(signature, { ...params, Body: 'something else' })).status).to.equal(403);
  });
});
