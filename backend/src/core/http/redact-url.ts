/**
 * A request URL as it may be logged: a public ticket link's key (a bearer secret in the path) and
 * the values of secret-looking query parameters are replaced, whatever else the URL holds.
 */
const SECRET_PATH = /(\/tickets\/shared\/)[^/?#]+/g;
const SECRET_PARAM = /^(.*(token|secret|password|passwd|key|code|credential|session|signature|auth).*)$/i;

export function redactUrl(url: string): string {
  const [path = '', query] = url.split(/\?(.*)/s, 2);
  const safePath = path.replace(SECRET_PATH, '$1[redacted]');
  if (query === undefined) return safePath;
  const params = query
    .split('&')
    .map((pair) => {
      const [name = '', value] = pair.split(/=(.*)/s, 2);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // Undecodable: judge it as written.
      }
      return value !== undefined && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${safePath}?${params}`;
}
