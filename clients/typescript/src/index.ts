// Types of every answer and body of Inbox Hub's API, and a typed fetch over them.
import type { components, paths } from "./schema.js";

export type { components, paths };
export type Schemas = components["schemas"];

/** The answer of an operation (its success body), e.g. `Answer<"/api/sessions/{id}", "get">`. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : paths[P][M] extends { responses: { 201: { content: { "application/json": infer T } } } }
    ? T
    : never;

export type ErrorBody = Schemas["ErrorBody"];
export type SendMessage = Schemas["SendMessageRequest"];

/** GET an operation's answer, typed. */
export async function get<P extends keyof paths>(
  baseUrl: string,
  apiKey: string,
  path: P,
): Promise<Answer<P, "get" & keyof paths[P]>> {
  const response = await fetch(baseUrl + String(path), { headers: { "X-API-Key": apiKey } });
  const body = (await response.json()) as Answer<P, "get" & keyof paths[P]> | ErrorBody;
  if (!response.ok) {
    const error = body as ErrorBody;
    throw new Error(`${error.code}: ${error.message}`);
  }
  return body as Answer<P, "get" & keyof paths[P]>;
}

// Compile-time checks that the generated types say what the API answers.
const listed: Answer<"/api/sessions", "get"> = {
  success: true,
  data: {
    total: 0,
    pagination: { total: 0, page: 1, limit: 20, pages: 0 },
    sessions: [],
  },
};
const body: SendMessage = { to: "34600000000", message: "Hola" };
export const examples = { listed, body };
