/**
 * `Content-Disposition: attachment` for a stored file's name (RFC 6266): an ASCII `filename`
 * fallback with every risky character replaced, and the exact name as UTF-8 in `filename*`
 * (RFC 8187 percent-encoding). Control characters (CR, LF…) never reach the header, so a crafted
 * name cannot inject headers or split the response.
 */
export function attachmentDisposition(name: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim() || 'download';
  const fallback = clean.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
