// The console's only way to the server: the public API with the signed-in user's token.
const TOKEN_KEY = 'getihu.token';

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refusal from the API: its stable code and Chinese message, kept for the page to show inline. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Array<{ field?: string; message?: string }> = []) {
    super(message);
  }
  /** The message with the first field problems, as people read it. */
  get explained(): string {
    const fields = this.details.filter((d) => d.message).map((d) => d.message);
    return fields.length && this.code === 'VALIDATION_FAILED' ? `${this.message}（${[...new Set(fields)].join('；')}）` : this.message;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; raw?: BodyInit; contentType?: string; anonymous?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token && !init.anonymous) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (init.raw !== undefined) {
    body = init.raw;
    headers['Content-Type'] = init.contentType ?? 'application/octet-stream';
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  } catch {
    throw new ApiFailure(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await response.text();
  const parsed = text ? safeJson(text) : null;
  if (!response.ok) {
    const e = (parsed ?? {}) as { code?: string; message?: string; details?: ApiFailure['details'] };
    throw new ApiFailure(response.status, e.code ?? `HTTP_${response.status}`, e.message ?? `请求失败（${response.status}）`, Array.isArray(e.details) ? e.details : []);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A binary download with the token (evidence files, directory exports). */
export async function download(path: string): Promise<Blob> {
  const token = tokenStore.get();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const e = safeJson(await response.text()) as { code?: string; message?: string } | null;
    throw new ApiFailure(response.status, e?.code ?? `HTTP_${response.status}`, e?.message ?? `下载失败（${response.status}）`);
  }
  return response.blob();
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const query = (params: Record<string, string | number | undefined | null>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
