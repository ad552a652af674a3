/**
 * Clock times said in words, as chrono-node parsers: "quinze heures trente", "trois heures et
 * quart", "midi moins cinq", "onze heures trois quarts", "vingt heures moins vingt"; "half past
 * 3 pm", "a quarter to 8", "20 minutes to 2pm", "three twenty pm", "ten past nine", "seven
 * o'clock". Without am/pm the hour stays open, as for "à 3h" (resolve.ts decides). Pure.
 */
import { type Parser, type ParsingComponents, type ParsingContext } from 'chrono-node';
import { TAG_MIDNIGHT, words } from './common';

const FR_UNITS: Record<string, number> = {
  zero: 0, une: 1, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12,
  treize: 13, quatorze: 14, quinze: 15, seize: 16, 'dix-sept': 17, 'dix-huit': 18, 'dix-neuf': 19,
};
const FR_TENS: Record<string, number> = { vingt: 20, trente: 30, quarante: 40, cinquante: 50 };
const EN_UNITS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };

/** 0–59 in French or English words ("vingt-et-une", "quarante cinq", "twenty-five"), or digits. */
export function wordNumber(text: string): number | null {
  const t = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();
  if (/^\d{1,2}$/.test(t)) return Number(t);
  const units = { ...FR_UNITS, ...EN_UNITS };
  const tens = { ...FR_TENS, ...EN_TENS };
  if (t in units) return units[t]!;
  if (t in tens) return tens[t]!;
  const m = /^(\p{L}+)(?:[-\s]et[-\s]|[-\s])(\p{L}+(?:-\p{L}+)?)$/u.exec(t);
  if (m && m[1]! in tens && m[2]! in units && units[m[2]!]! < 10 && units[m[2]!]! > 0) return tens[m[1]!]! + units[m[2]!]!;
  return null;
}

const FR_NUM = "(?:(?:vingt|trente|quarante|cinquante)(?:[-\\s]et[-\\s](?:une?)|[-\\s](?:deux|trois|quatre|cinq|six|sept|huit|neuf))?|dix-sept|dix-huit|dix-neuf|z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|\\d{1,2})";
const EN_NUM = '(?:(?:twenty|thirty|forty|fifty)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|\\d{1,2})';
const EN_HOUR = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midnight|\\d{1,2})';
const AMPM = '(?:\\s*([ap])\\.?m\\.?)';

interface WordClock {
  hour: number;
  minute: number;
  ampm?: string;
}

function components(context: ParsingContext, clock: WordClock | null): ParsingComponents | null {
  if (!clock) return null;
  let { hour } = clock;
  const { minute, ampm } = clock;
  if (hour > 24 || minute > 59 || (ampm && (hour < 1 || hour > 12))) return null;
  if (ampm === 'p' && hour < 12) hour += 12;
  if (ampm === 'a' && hour === 12) hour = 0;
  const midnight = hour === 24 || (hour === 0 && !ampm);
  hour %= 24;
  const c = context.createParsingComponents({ hour, minute }).addTag('reminder/clock');
  if (ampm || hour === 0 || hour >= 12) c.assign('meridiem', hour >= 12 ? 1 : 0);
  if (midnight) c.addTag(TAG_MIDNIGHT);
  return c;
}

const frHour = (w: string): number | null => (/^midi$/i.test(w) ? 12 : /^minuit$/i.test(w) ? 0 : wordNumber(w));

/** "quinze heures trente", "trois heures et quart", "sept heures moins le quart", "midi moins cinq", "minuit et demi". */
const FR_WORD_CLOCK = words(
  `(?:(?:[àa]|vers|d[èe]s|pour)\\s+)?(?:(${FR_NUM})\\s+heures?|(midi|minuit))` +
    `(?:\\s+(?:(et\\s+quart|et\\s+demie?|trois\\s+quarts|moins\\s+(?:le\\s+)?quart)|moins\\s+(${FR_NUM})|(${FR_NUM})(?:\\s+minutes?)?|(pile)))?`,
);

export const frWordClockParser: Parser = {
  pattern: () => FR_WORD_CLOCK,
  extract: (context, m) => {
    const hour = frHour(m[1] ?? m[2] ?? '');
    if (hour === null) return null;
    // "midi" alone is chrono's (and ours in clock.ts); "2 heures" alone too, except in words.
    if (!m[3] && !m[4] && !m[5] && (m[2] || /^\d/.test(m[1] ?? ''))) return null;
    const fraction = (m[3] ?? '').toLowerCase();
    if (fraction.includes('moins')) return components(context, { hour: (hour + 23) % 24, minute: 45 });
    if (fraction.includes('trois')) return components(context, { hour, minute: 45 });
    if (fraction) return components(context, { hour, minute: fraction.includes('quart') ? 15 : 30 });
    if (m[4]) {
      const less = wordNumber(m[4]);
      return less === null || less >= 60 ? null : components(context, { hour: (hour + 23) % 24, minute: 60 - less });
    }
    const minute = m[5] ? wordNumber(m[5]) : 0;
    return minute === null ? null : components(context, { hour, minute });
  },
};

const enHour = (w: string): number | null => (/^noon$/i.test(w) ? 12 : /^midnight$/i.test(w) ? 0 : wordNumber(w));

/** "half past 3 pm", "a quarter to 8", "20 minutes to 2pm", "ten past nine", "quarter after 7". */
const EN_RELATIVE_CLOCK = words(
  `(?:at\\s+)?(half|(?:a\\s+)?quarter|${EN_NUM})(?:\\s+minutes?)?\\s+(past|after|to|till|til|before|of)\\s+(${EN_HOUR})(?:\\s+o'?clock)?${AMPM}?`,
);

export const enRelativeClockParser: Parser = {
  pattern: () => EN_RELATIVE_CLOCK,
  extract: (context, m) => {
    const hour = enHour(m[3]!);
    const amount = m[1]!.toLowerCase();
    const minutes = amount === 'half' ? 30 : amount.includes('quarter') ? 15 : wordNumber(amount);
    if (hour === null || minutes === null || minutes <= 0 || minutes >= 60) return null;
    const before = !/past|after/i.test(m[2]!);
    if (before && amount === 'half') return null;
    // "in 20 minutes to…" is not a clock; "of" only for quarters ("a quarter of 8").
    if (m[2]!.toLowerCase() === 'of' && !amount.includes('quarter')) return null;
    const ampm = m[4]?.toLowerCase();
    if (!before) return components(context, { hour, minute: minutes, ampm });
    const h = hour === 0 ? 24 : hour;
    // "20 to 12 pm" is 11:40 am: apply am/pm to the named hour, then step back.
    const named = components(context, { hour: h, minute: 0, ampm });
    if (!named) return null;
    const total = (named.get('hour')! + 24) * 60 - minutes;
    const c = components(context, { hour: Math.floor(total / 60) % 24, minute: total % 60 });
    if (c && !ampm && hour >= 1 && hour <= 12) c.delete('meridiem');
    return c;
  },
};

/** "three twenty pm", "six-thirty", "eleven thirty am", "seven o'clock", "5 o'clock pm", "noon thirty". */
const EN_WORD_CLOCK = words(`(?:at\\s+)?(${EN_HOUR})(?:[-\\s](${EN_NUM}|o'?clock)(?:\\s+o'?clock)?)${AMPM}?`);

export const enWordClockParser: Parser = {
  pattern: () => EN_WORD_CLOCK,
  extract: (context, m) => {
    const hour = enHour(m[1]!);
    const tail = m[2]!.toLowerCase();
    if (hour === null) return null;
    // "3 20" in digits is not a clock (a count, a date): one side must be a word.
    if (/^\d/.test(m[1]!) && /^\d/.test(tail)) return null;
    const minute = /clock/.test(tail) ? 0 : wordNumber(tail);
    if (minute === null || (minute < 10 && !/clock/.test(tail))) return null;
    return components(context, { hour, minute, ampm: m[3]?.toLowerCase() });
  },
};

/** English with French or 24-hour habits: "19h00", "16h", "1900 hrs", "3:15p". */
const EN_EXTRA_CLOCK = words('(?:at\\s+|@\\s*)?(?:(\\d{1,2})h(\\d{2})?|(\\d{2})(\\d{2})\\s*(?:hrs|hours|h)|(\\d{1,2}):(\\d{2})\\s*([ap]))');

export const enExtraClockParser: Parser = {
  pattern: () => EN_EXTRA_CLOCK,
  extract: (context, m) => {
    if (m[7]) return components(context, { hour: Number(m[5]), minute: Number(m[6]), ampm: m[7].toLowerCase() });
    const hour = Number(m[1] ?? m[3]);
    const minute = Number(m[2] ?? m[4] ?? 0);
    const c = components(context, { hour, minute });
    // Written as 24-hour: "8h00" is 8 AM.
    c?.assign('meridiem', hour >= 12 ? 1 : 0);
    return c;
  },
};

/** A bare hour right before a part of the day: "8 tonight", "@ 10", "at nine in the evening", "at ten in the morning". */
const EN_HOUR_BEFORE_PERIOD = words(
  `(?:(?:at\\s+|@\\s*)(${EN_HOUR})|(${EN_HOUR}))(?=\\s+(?:tonight|this\\s+(?:morning|evening|afternoon)|in\\s+the\\s+(?:morning|evening|afternoon)))|@\\s*(\\d{1,2})`,
);

export const enHourBeforePeriodParser: Parser = {
  pattern: () => EN_HOUR_BEFORE_PERIOD,
  extract: (context, m) => {
    const hour = enHour(m[1] ?? m[2] ?? m[3] ?? '');
    if (hour === null || hour > 12) return null;
    const c = components(context, { hour, minute: 0 });
    if (c && hour >= 1 && hour <= 11) c.delete('meridiem');
    return c;
  },
};
