/**
 * Turns an AI model's answer into an SMS: no markdown, no emojis, tidy lines, and a length cap
 * (three GSM-7 segments) cut at a sentence or line end. Pure; used by the brain activities.
 */
export const MAX_REPLY_CHARS = 459;

const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\uFE0F\u200D\u20E3]/gu;

export function smsShape(text: string, max = MAX_REPLY_CHARS): string {
  let out = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(EMOJI, '')
    .replace(/```[a-z]*\n?/gi, '')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
    .replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|[.,!?:;]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/^\s*[*•+]\s+/gm, '- ')
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1 ($2)')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (out.length <= max) return out;
  const head = out.slice(0, max - 3);
  const cut = Math.max(head.lastIndexOf('\n'), head.search(/[.!?](?=[^.!?]*$)/) + 1);
  out = cut > max / 2 ? head.slice(0, cut).trimEnd() : `${head.replace(/\s+\S*$/, '')}...`;
  return out;
}

/** A bounded, one-line copy of a text for the conversation's memory of recent turns. */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 3)}...`;
}
