/**
 * graphql-js repeats what a client sent in its messages: an unknown field's name, a variable's
 * value (`Variable "$n" got invalid value "…"`), an enum value. Quoted, and as long as the client
 * made it: a 60 KiB value came back twice. Each long quoted run is cut to its start, so the message
 * still says what was wrong and where, and the whole message is bounded.
 */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const KEEP = 40;
const MAX_MESSAGE = 1000;

export function cutEcho(message: string): string {
  const cut = message.replace(QUOTED, (quoted) => (quoted.length > KEEP * 2 ? `${quoted.slice(0, KEEP + 1)}…"` : quoted));
  return cut.length > MAX_MESSAGE ? `${cut.slice(0, MAX_MESSAGE)}…` : cut;
}
