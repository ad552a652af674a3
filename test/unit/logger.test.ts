import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import winston from 'winston';
import { createLogger, maskPhone } from '../../services/infra/logger';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, json: true, service: 'test' });
  logger.clear().add(
    new winston.transports.Stream({
      stream: new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    }),
  );
  return { logger, lines };
}

describe('logging', () => {
  it('masks phone numbers, keeping enough to tell them apart', () => {
    expect(maskPhone('+15145551234')).to.equal('+1514•••1234');
    expect(maskPhone('from +15145551234 to +33612345678')).to.equal('from +1514•••1234 to +3361•••5678');
  });

  it('never writes phone numbers, secrets or bodies at info level', () => {
    const { logger, lines } = capture();
    logger.info('sms from +15145551234', { to: '+15145550000', authToken: 'tok-123', body: 'my secret', nested: { password: 'pw' } });
    const line = lines.join('');
    expect(line).to.not.include('+15145551234').and.not.include('+15145550000');
    expect(line).to.not.include('tok-123').and.not.include('my secret').and.not.include('"pw"');
    expect(line).to.include('[redacted]').and.include('[9 chars]');
  });

  it('shows message bodies at debug level, still without phone numbers', () => {
    const { logger, lines } = capture('debug');
    logger.debug('turn', { body: 'call +15145551234 back' });
    expect(lines.join('')).to.include('call +1514•••1234 back');
  });
});

describe('the log file', () => {
  it('carries the console lines without colour codes, even ones a message brought along', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assistant-log-'));
    const file = join(dir, 'assistant.log');
    try {
      const fresh = createLogger({ level: 'info', json: false, service: 'test', file });
      fresh.info('temporal: \u001b[31mred\u001b[0m line', { userId: 'u1' });
      fresh.warn('sms from +15145551234');
      await new Promise<void>((done) => {
        fresh.on('finish', () => done());
        fresh.end();
      });
      const text = readFileSync(file, 'utf8');
      expect(text).to.match(/^\d\d:\d\d:\d\d info \[test\] temporal: red line \{"userId":"u1"\}$/m);
      expect(text).to.match(/^\d\d:\d\d:\d\d warn \[test\] sms from \+1514•••1234$/m);
      expect(text).to.not.include('\u001b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
