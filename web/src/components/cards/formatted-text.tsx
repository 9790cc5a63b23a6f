import { Anchor } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { parseCardText, type FormatNode } from './format.ts';

function render(nodes: FormatNode[]): ReactNode[] {
  return nodes.map((node, i) => {
    if (node.kind === 'text') return <Fragment key={i}>{node.text}</Fragment>;
    if (node.kind === 'br') return <br key={i} />;
    const children = render(node.children);
    switch (node.tag) {
      case 'b':
        return <b key={i}>{children}</b>;
      case 'i':
        return <i key={i}>{children}</i>;
      case 'u':
        return <u key={i}>{children}</u>;
      case 's':
        return <s key={i}>{children}</s>;
      case 'time':
        return <time key={i}>{children}</time>;
      case 'font':
        return (
          <span key={i} style={node.color ? { color: node.color } : undefined}>
            {children}
          </span>
        );
      case 'a':
        return node.href ? (
          <Anchor key={i} href={node.href} target="_blank" rel="noopener noreferrer" inherit>
            {children}
          </Anchor>
        ) : (
          <Fragment key={i}>{children}</Fragment>
        );
    }
  });
}

/** Card text in Google's formatting subset; anything else shows as the text it is (format.ts). */
export function FormattedText({ text }: { text: string }) {
  return <>{render(parseCardText(text))}</>;
}
