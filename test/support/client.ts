/** A small HTTP client with a cookie jar, like a browser or a script would use. */
export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  bearer?: string;
  /** Leave the jar's cookies off this request. */
  noCookies?: boolean;
}

export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.json !== undefined) headers["content-type"] ??= "application/json";
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (!options.noCookies && this.cookies.size > 0) headers.cookie ??= this.cookieHeader();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
      redirect: "manual",
    });
    this.remember(response.headers);
    const text = await response.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, body, text };
  }

  get(path: string, options?: RequestOptions) {
    return this.request("GET", path, options);
  }
  post(path: string, json?: unknown, options?: RequestOptions) {
    return this.request("POST", path, { ...options, ...(json !== undefined && { json }) });
  }

  /** The session token in the jar (whatever the cookie's name in this mode). */
  token(): string | undefined {
    return [...this.cookies].find(([name]) => name.endsWith("trax_session"))?.[1];
  }
}

let counter = 0;
export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}@example.test`;
}

export const PASSWORD = "correct horse battery";

/** Signs a fresh user up; returns the client holding its session cookie. */
export async function signUp(baseUrl: string, email = uniqueEmail(), password = PASSWORD, name = "Test User") {
  const client = new Client(baseUrl);
  const reply = await client.post("/api/signup", { email, password, name });
  if (reply.status !== 201) throw new Error(`sign-up failed: ${reply.status} ${reply.text}`);
  const user = (reply.body as { user: { id: string; email: string } }).user;
  return { client, user, email, password };
}
