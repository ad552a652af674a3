import { z } from 'zod';
import { isValidTimeZone } from '../language/time';

/** E.164: "+" then 8 to 15 digits, no leading zero. */
export const e164 = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number like +15145550100');

export { isValidTimeZone };

export const timeZone = z.string().refine(isValidTimeZone, 'must be an IANA time zone like America/Toronto');
export const language = z.enum(['fr', 'en']);
