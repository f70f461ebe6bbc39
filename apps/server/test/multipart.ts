// multipart/form-data requests for upload tests, through the same inject path as the JSON client.
import crypto from 'node:crypto';
import type { Voronka } from '../src/app.js';
import type { Client, Response } from './http.js';

export interface Part {
  name: string;
  /** Written raw (UTF-8) into the header, as browsers do. */
  filename?: string;
  type?: string;
  content: Buffer | string;
}

export function multipartBody(parts: Part[]) {
  const boundary = `----voronka${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) head += `; filename="${part.filename}"`;
    head += '\r\n';
    if (part.type) head += `Content-Type: ${part.type}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a multipart body with the client's session. */
export async function postMultipart(
  voronka: Voronka,
  client: Client,
  url: string,
  parts: Part[],
  headers: Record<string, string> = {},
): Promise<Response<any>> {
  const { payload, contentType } = multipartBody(parts);
  const res = await voronka.http.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': contentType, ...(client.cookie ? { cookie: client.cookie } : {}), ...headers },
  });
  const type = res.headers['content-type'] ?? '';
  return {
    status: res.statusCode,
    headers: res.headers,
    body: type.includes('json') && res.body ? JSON.parse(res.body) : undefined,
    text: res.body,
  };
}

/** GETs raw bytes with the client's session. */
export async function getBytes(
  voronka: Voronka,
  client: Client,
  url: string,
  headers: Record<string, string> = {},
) {
  const res = await voronka.http.inject({
    method: 'GET',
    url,
    headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...headers },
  });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}
