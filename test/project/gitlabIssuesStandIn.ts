import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitlabIssue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: "opened" | "closed";
  notes: string[];
}

export interface GitlabRequest {
  method: string;
  /** Path below the API root, e.g. `/projects/7/issues/1`. */
  path: string;
  query: Record<string, string>;
  /** The form fields sent (`application/x-www-form-urlencoded`, as curl --data sends them). */
  form: Record<string, string>;
}

/**
 * The few routes of GitLab's REST Issues and Notes APIs the CI recipe calls
 * (docs.gitlab.com/api/issues, docs.gitlab.com/api/notes), for one project, on a loopback port:
 * list by labels and state, create, edit
 * (description, `state_event=close`), add a note. Requests without the project access token get
 * 401 and unknown routes 404, as from GitLab, and every request is recorded.
 */
export interface GitlabIssuesStandIn {
  /** What `$CI_API_V4_URL` holds. */
  apiUrl: string;
  projectId: string;
  token: string;
  requests: GitlabRequest[];
  issues: GitlabIssue[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text !== "" && !req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) throw new Error(`unexpected content-type ${req.headers["content-type"]}`);
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startGitlabIssuesStandIn(projectId = "4242", token = "glpat-drift-issue-token"): Promise<GitlabIssuesStandIn> {
  const requests: GitlabRequest[] = [];
  const issues: GitlabIssue[] = [];
  const view = (issue: GitlabIssue) => ({ ...issue, project_id: Number(projectId), web_url: `https://gitlab.example/group/project/-/issues/${issue.iid}` });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const path = url.pathname.replace(/^\/api\/v4/, "");
      const form = await readForm(req);
      requests.push({ method: req.method ?? "", path, query: Object.fromEntries(url.searchParams), form });
      if (req.headers["private-token"] !== token) return send(res, 401, { message: "401 Unauthorized" });
      const route = path.match(/^\/projects\/([^/]+)\/issues(?:\/(\d+)(\/notes)?)?$/);
      if (!route || route[1] !== projectId) return send(res, 404, { message: "404 Not found" });
      const iid = route[2];
      const issue = iid === undefined ? undefined : issues.find((i) => String(i.iid) === iid);
      if (iid !== undefined && !issue) return send(res, 404, { message: "404 Not found" });

      if (!iid && req.method === "GET") {
        const wanted = url.searchParams.get("labels")?.split(",") ?? [];
        const state = url.searchParams.get("state") ?? "all";
        // Newest first, GitLab's default order (created_at desc).
        const listed = issues.filter((i) => (state === "all" || i.state === state) && wanted.every((l) => i.labels.includes(l))).reverse();
        return send(res, 200, listed.map(view));
      }
      // GitLab caps an issue's description at 1,048,576 characters (docs.gitlab.com/development/issuable-like-models).
      if (form.description !== undefined && [...form.description].length > 1_048_576) return send(res, 400, { message: { description: ["is too long (maximum is 1048576 characters)"] } });
      if (!iid && req.method === "POST") {
        if (!form.title) return send(res, 400, { error: "title is missing" });
        const created: GitlabIssue = { iid: issues.length + 1, title: form.title, description: form.description ?? "", labels: form.labels ? form.labels.split(",") : [], state: "opened", notes: [] };
        issues.push(created);
        return send(res, 201, view(created));
      }
      if (issue && !route[3] && req.method === "PUT") {
        if (form.description !== undefined) issue.description = form.description;
        if (form.state_event === "close") issue.state = "closed";
        else if (form.state_event === "reopen") issue.state = "opened";
        else if (form.state_event !== undefined) return send(res, 400, { error: "state_event does not have a valid value" });
        return send(res, 200, view(issue));
      }
      if (issue && route[3] && req.method === "POST") {
        if (!form.body) return send(res, 400, { error: "body is missing" });
        issue.notes.push(form.body);
        return send(res, 201, { id: issue.notes.length, body: form.body });
      }
      return send(res, 405, { message: "405 Method Not Allowed" });
    })().catch((err: Error) => send(res, 500, { message: err.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v4`,
    projectId,
    token,
    requests,
    issues,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
