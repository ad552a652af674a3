import { expect } from 'chai';
import { routeInbound } from '../../api/sms-router';
import { classifyKeyword } from '../../language/sms/keywords';

describe('carrier keywords', () => {
  const table: [string, string | null][] = [
    ['STOP', 'stop'], ['stop', 'stop'], [' Stop. ', 'stop'], ['STOPALL', 'stop'], ['UNSUBSCRIBE', 'stop'],
    ['CANCEL', 'stop'], ['END', 'stop'], ['QUIT', 'stop'], ['ARRET', 'stop'], ['ARRÊT', 'stop'], ['arrêt!', 'stop'],
    ['START', 'start'], ['unstop', 'start'], ['YES', 'start'],
    ['HELP', 'help'], ['aide', 'help'], ['INFO', 'help'], ['Aide?', 'help'],
    ['stop reminding me about the dishes', null], ['bonjour', null], ['annule', null], ['', null],
  ];
  for (const [body, expected] of table) {
    it(`reads ${JSON.stringify(body)} as ${expected ?? 'an ordinary message'}`, () => {
      expect(classifyKeyword(body)).to.equal(expected);
    });
  }
});

describe('the inbound SMS router', () => {
  const user = { phone: '+15145550100', status: 'active' as const };

  it('ignores a number that belongs to nobody', () => {
    expect(routeInbound({ user: null, from: user.phone, body: 'hi' })).to.deep.equal({ action: 'ignore', reason: 'unknown-number' });
  });
  it('ignores a stranger texting someone else\'s assistant', () => {
    expect(routeInbound({ user, from: '+15145559999', body: 'hi' })).to.deep.equal({ action: 'ignore', reason: 'stranger' });
  });
  it('delivers an ordinary message with no command', () => {
    expect(routeInbound({ user, from: user.phone, body: 'rappelle-moi' })).to.deep.equal({ action: 'deliver', command: null, setStatus: null });
  });
  it('opts a person out on STOP', () => {
    expect(routeInbound({ user, from: user.phone, body: 'STOP' })).to.deep.equal({ action: 'deliver', command: 'stop', setStatus: 'opted_out' });
  });
  it('answers HELP with the help command', () => {
    expect(routeInbound({ user, from: user.phone, body: 'AIDE' })).to.deep.equal({ action: 'deliver', command: 'help', setStatus: null });
  });
  it('treats YES from an active person as an ordinary answer', () => {
    expect(routeInbound({ user, from: user.phone, body: 'yes' })).to.deep.equal({ action: 'deliver', command: null, setStatus: null });
  });
  it('hears an opted-out person only through START', () => {
    const optedOut = { ...user, status: 'opted_out' as const };
    expect(routeInbound({ user: optedOut, from: user.phone, body: 'hello?' })).to.deep.equal({ action: 'ignore', reason: 'opted-out' });
    expect(routeInbound({ user: optedOut, from: user.phone, body: 'HELP' })).to.deep.equal({ action: 'ignore', reason: 'opted-out' });
    expect(routeInbound({ user: optedOut, from: user.phone, body: 'START' })).to.deep.equal({ action: 'deliver', command: 'start', setStatus: 'active' });
  });
});
