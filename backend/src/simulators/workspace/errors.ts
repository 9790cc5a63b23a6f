// Google's JSON error bodies. API errors:
//   { "error": { "code", "message", "errors": [{ "message", "domain": "global", "reason" }], "status" } }
// OAuth token-endpoint errors: { "error": "invalid_grant", "error_description": "…" }.

export interface GoogleErrorItem {
  message: string;
  domain: string;
  reason: string;
  location?: string;
  locationType?: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; errors: GoogleErrorItem[]; status?: string };
}

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An API error the handlers throw; the server renders it in Google's shape. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  /** The message of `errors[0]` when it differs from the top-level one. */
  readonly itemMessage: string;
  readonly location: { location: string; locationType: string } | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    reason: string,
    message: string,
    options: {
      itemMessage?: string;
      location?: { location: string; locationType: string };
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.itemMessage = options.itemMessage ?? message;
    this.location = options.location;
    this.headers = options.headers ?? {};
  }

  body(): GoogleErrorBody {
    const item: GoogleErrorItem = { message: this.itemMessage, domain: 'global', reason: this.reason };
    if (this.location !== undefined) Object.assign(item, this.location);
    const error: GoogleErrorBody['error'] = { code: this.code, message: this.message, errors: [item] };
    const status = STATUS[this.code];
    if (status !== undefined) error.status = status;
    return { error };
  }
}

export const notFound = (what: string): ApiError =>
  new ApiError(404, 'notFound', `Resource Not Found: ${what}`);

export const invalid = (message: string): ApiError => new ApiError(400, 'invalid', message);

export const forbidden = (): ApiError =>
  new ApiError(403, 'forbidden', 'Not Authorized to access this resource/api');

export const badRequest = (): ApiError => new ApiError(400, 'badRequest', 'Bad Request');

export const required = (parameter: string): ApiError =>
  new ApiError(400, 'required', `Required parameter: ${parameter}`);

export const loginRequired = (): ApiError =>
  new ApiError(
    401,
    'required',
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    {
      itemMessage: 'Login Required.',
      location: { location: 'Authorization', locationType: 'header' },
      headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
    },
  );

export const invalidCredentials = (): ApiError =>
  new ApiError(
    401,
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    {
      itemMessage: 'Invalid Credentials',
      location: { location: 'Authorization', locationType: 'header' },
      headers: {
        'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      },
    },
  );

export const insufficientScopes = (): ApiError =>
  new ApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', {
    itemMessage: 'Insufficient Permission',
    headers: {
      'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"',
    },
  });

/** An OAuth error of the token endpoint. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;

  constructor(status: number, error: string, description: string) {
    super(description);
    this.status = status;
    this.error = error;
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}
