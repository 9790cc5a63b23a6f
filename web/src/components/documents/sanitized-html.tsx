import { Typography } from '@mantine/core';

/**
 * A document's stored HTML. The one place the console renders HTML: it is the server's sanitized
 * copy (scripts, handlers, javascript: URLs and iframes were removed when it was written), never
 * anything typed on this page.
 */
export function SanitizedHtml({ html, label }: { html: string; label: string }) {
  return (
    <Typography>
      <div
        aria-label={label}
        role="document"
        style={{ overflowWrap: 'anywhere' }}
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </Typography>
  );
}
