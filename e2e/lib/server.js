// A static file server that serves a built site under a sub-path, the way GitHub Pages
// serves a project site: folders answer with their index.html, anything missing with
// the site's 404.html and status 404, and nothing outside the sub-path exists.

import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".json": "application/json",
};

export function serve(root, subPath) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const path = decodeURIComponent(url.pathname);
    let file = null;
    if (path.startsWith(subPath)) {
      const rel = normalize(path.slice(subPath.length)).replace(/^(\.\.(\/|\\|$))+/, "");
      const candidate = join(root, rel);
      if (existsSync(candidate) && statSync(candidate).isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { Location: `${path}/` });
          res.end();
          return;
        }
        file = join(candidate, "index.html");
      } else {
        file = candidate;
      }
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      createReadStream(join(root, "404.html")).pipe(res);
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ port: server.address().port, close: () => new Promise((done) => server.close(done)) });
    });
  });
}
