/**
 * A signed-in client over fastify's inject: keeps the session cookie, reads
 * the CSRF token off the pages, posts forms like a browser.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export function csrfFrom(htmlText: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(htmlText);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}

function cookieValue(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export class WebClient {
  csrf = '';
  constructor(
    readonly app: FastifyInstance,
    private session: string,
  ) {}

  static async login(app: FastifyInstance, name: string, password: string, ip = '10.0.0.1'): Promise<{ response: LightMyRequestResponse; client: WebClient | null }> {
    const loginPage = await app.inject({ method: 'GET', url: '/login', remoteAddress: ip });
    const loginCsrf = cookieValue(loginPage, 'recon_login_csrf')!;
    const response = await app.inject({
      method: 'POST', url: '/login', remoteAddress: ip,
      cookies: { recon_login_csrf: loginCsrf },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ name, password, _csrf: csrfFrom(loginPage.body) }),
    });
    const session = cookieValue(response, 'recon_session');
    if (!session) return { response, client: null };
    const client = new WebClient(app, session);
    await client.get('/'); // picks up the CSRF token
    return { response, client };
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, cookies: { recon_session: this.session } });
    if (response.headers['content-type']?.toString().startsWith('text/html') && response.body.includes('name="_csrf"')) {
      this.csrf = csrfFrom(response.body);
    }
    return response;
  }

  /** Posts a multipart form: the CSRF field first, then one file, as the browser sends the upload form. */
  async upload(url: string, fileName: string, content: Buffer, withCsrf = true): Promise<LightMyRequestResponse> {
    const boundary = '----recon-test-boundary';
    const parts: Buffer[] = [];
    if (withCsrf) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.csrf}\r\n`));
    }
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="${fileName}"\r\n`
      + 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n'));
    parts.push(content, Buffer.from(`\r\n--${boundary}--\r\n`));
    return this.app.inject({
      method: 'POST', url, cookies: { recon_session: this.session },
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  }

  async post(url: string, fields: Record<string, string>, withCsrf = true): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST', url, cookies: { recon_session: this.session },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(withCsrf ? { _csrf: this.csrf, ...fields } : fields),
    });
  }
}

/** Every href and form action on a page. */
export function linksOf(htmlText: string): string[] {
  return [...htmlText.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1]!);
}

/** Finding/ticket detail links of a list page, in order. */
export function itemLinks(htmlText: string, kind: 'findings' | 'tickets'): string[] {
  return linksOf(htmlText).filter((l) => new RegExp(`^/${kind}/[A-Za-z0-9_-]{20,}$`).test(l));
}
