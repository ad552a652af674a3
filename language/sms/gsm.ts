import { isGsm7 } from './segments';

/**
 * French text often falls out of GSM-7 for a single â, ê, ç or curly apostrophe, and then every
 * segment holds 70 characters instead of 160. This replaces only the characters outside GSM-7 by
 * their closest GSM-7 form (é è à ù É Ç stay as they are); anything without a close form (an
 * emoji, say) is left alone.
 */
const CLOSEST: Record<string, string> = {
  â: 'a', ê: 'e', î: 'i', ô: 'o', û: 'u', ç: 'c', ë: 'e', ï: 'i', ÿ: 'y', á: 'a', í: 'i', ó: 'o', ú: 'u',
  À: 'A', Â: 'A', È: 'E', Ê: 'E', Ë: 'E', Î: 'I', Ï: 'I', Ô: 'O', Ù: 'U', Û: 'U', Á: 'A', Í: 'I', Ó: 'O', Ú: 'U',
  œ: 'oe', Œ: 'OE',
  '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u02BC': "'",
  '\u201C': '"', '\u201D': '"', '«': '"', '»': '"',
  '\u2026': '...', '\u2013': '-', '\u2014': '-', '\u2022': '-',
  '\u00A0': ' ', '\u202F': ' ', '\u2009': ' ',
};

export function toGsmFriendly(text: string): string {
  if (isGsm7(text)) return text;
  let out = '';
  for (const ch of text) out += CLOSEST[ch] ?? ch;
  // «\u00A0bonjour\u00A0» became "\u0020bonjour\u0020": tidy the spaces the guillemets left inside.
  return out.replace(/" (.*?) "/g, '"$1"');
}
