/**
 * Carrier keywords. STOP-family words opt the person out (nothing more is ever sent until
 * they opt back in); they are matched on the whole message, like carriers do, so "stop
 * reminding me about X" is a normal message. French forms included for Québec carriers.
 */
import { type Prepared, prepared } from '../prepare';

export type Keyword = 'stop' | 'start' | 'help';

const WORDS: Record<Keyword, string[]> = {
  stop: ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'arret', 'arrete', 'arreter'],
  start: ['start', 'unstop', 'yes'],
  help: ['help', 'aide', 'info'],
};

/**
 * The keyword a message is, or null when it is an ordinary message. Callers treat `start`
 * as an opt-in only for an opted-out person: for everyone else "yes" is a normal answer.
 */
export function classifyKeyword(body: string | Prepared): Keyword | null {
  const word = prepared(body).whole.replace(/[\s.!?,;:]+/g, ' ').trim();
  for (const [keyword, words] of Object.entries(WORDS) as [Keyword, string[]][]) {
    if (words.includes(word)) return keyword;
  }
  return null;
}
