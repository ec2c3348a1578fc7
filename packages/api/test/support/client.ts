/** A reviewer's HTTP client for the real server: plain fetch, the bearer token, nothing else. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T;
}

export function apiClient(url: string, token: string) {
  async function send(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    const res = await fetch(`${url}${path}`, { method, body: init.body, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }
  return {
    send,
    get: (path: string, headers?: Record<string, string>) => send("GET", path, { headers }),
    post: (path: string, body: unknown) => send("POST", path, { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
