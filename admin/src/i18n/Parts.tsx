import { Fragment, type ReactNode } from 'react';

/**
 * A translated message with parts that are not plain text (a link, <code>, a name in bold): the
 * translation keeps its %{placeholders}, and each is replaced here by its part, so every language
 * orders the parts its own way. `words`, if given, renders the message's own words around them.
 */
export function Parts({ message, parts, words }: { message: string; parts: Record<string, ReactNode>; words?: (text: string) => ReactNode }) {
  return (
    <>
      {message.split(/%\{(\w+)\}/).map((piece, i) => (
        <Fragment key={i}>{i % 2 === 1 ? (parts[piece] ?? `%{${piece}}`) : piece && words ? words(piece) : piece}</Fragment>
      ))}
    </>
  );
}
