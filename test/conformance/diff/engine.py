#!/usr/bin/env python3
"""engine.py: a tiny stand-in for the Docker Engine API, for ctxpack's
differential tests.  Python 3 standard library only.

    engine.py [-v] [--api-version V] [--log FILE] SOCKET OUT

Listens on the unix socket SOCKET and answers just enough of the Engine API
for `DOCKER_BUILDKIT=0 docker build -q ...` (the classic builder) to run to
completion without a daemon:

  GET|HEAD /_ping, /vX/_ping   200 "OK", headers Api-Version, OSType,
                               Builder-Version: 1 (classic)
  GET /version, /vX/version    a small JSON document
  POST /vX/build               the request body (the build-context tar,
                               chunked or with Content-Length) is written to
                               OUT; the reply is a JSON message stream with
                               one "stream" line and one "aux" line carrying
                               an image ID, so `docker build -q` exits 0
  anything else                404 with a JSON error (and a log line)

OUT may contain "{t}": it is replaced by the value of the build's first `t=`
(tag) query parameter with every character outside [A-Za-z0-9._-] turned
into "_", so one engine can serve several concurrent builds, each tagged
differently (`docker build -t ctxdiff:case17 ...`).  A build without a tag
uses "untagged".  The body goes to OUT.part first and is renamed to OUT only
once it has been received completely.  OUT "-" discards bodies.

The socket is created before the server starts accepting, so a client may
connect as soon as the path exists.  SIGTERM, SIGINT and SIGHUP stop the
server cleanly (socket file removed, exit status 0).  With --parent PID the
engine also exits when process PID is gone, so a killed harness does not
leave it behind.
"""
import argparse
import hashlib
import http.server
import json
import os
import re
import signal
import socketserver
import sys
import threading
import time
import urllib.parse

API_VERSION = "1.50"          # docker 28.2 speaks 1.50; the client picks min()
LOG = None
LOG_LOCK = threading.Lock()


def log(msg):
    if LOG is None:
        return
    with LOG_LOCK:
        LOG.write("%.3f %s\n" % (time.time(), msg))
        LOG.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ctxdiff-engine/1"
    sys_version = ""

    def log_message(self, fmt, *args):      # keep stderr quiet
        pass

    # --- helpers ---------------------------------------------------------
    def route(self):
        """Split the path into (api-less route, query dict)."""
        u = urllib.parse.urlsplit(self.path)
        path = re.sub(r"^/v[0-9]+(\.[0-9]+)?(?=/)", "", u.path)
        return path, urllib.parse.parse_qs(u.query, keep_blank_values=True)

    def reply(self, code, body=b"", ctype="text/plain; charset=utf-8",
              head=False):
        self.send_response(code)
        self.send_header("Api-Version", self.server.api_version)
        self.send_header("Docker-Experimental", "false")
        self.send_header("OSType", "linux")
        self.send_header("Builder-Version", "1")
        self.send_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def not_found(self, head=False):
        log("404 %s %s" % (self.command, self.path))
        body = json.dumps({"message": "ctxdiff engine: %s %s not implemented"
                           % (self.command, self.path)}).encode() + b"\n"
        self.reply(404, body, "application/json", head)

    def drain_body(self, sink):
        """Read the request body (chunked or Content-Length) into sink
        (a file object or None); return the byte count."""
        total = 0
        te = self.headers.get("Transfer-Encoding", "").lower()
        if "chunked" in te:
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("EOF in chunk size")
                size = int(line.split(b";", 1)[0].strip(), 16)
                if size == 0:
                    # trailers, up to the empty line
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                total += self.copy(size, sink)
                self.rfile.readline(3)          # CRLF after the chunk
        else:
            n = int(self.headers.get("Content-Length") or 0)
            total += self.copy(n, sink)
        return total

    def copy(self, n, sink):
        left = n
        while left > 0:
            b = self.rfile.read(min(left, 1 << 20))
            if not b:
                raise ConnectionError("EOF in body")
            left -= len(b)
            if sink is not None:
                sink.write(b)
        return n

    # --- methods ---------------------------------------------------------
    def do_HEAD(self):
        path, _ = self.route()
        log("HEAD %s" % self.path)
        if path == "/_ping":
            self.reply(200, b"OK", head=True)
        else:
            self.not_found(head=True)

    def do_GET(self):
        path, _ = self.route()
        log("GET %s" % self.path)
        if path == "/_ping":
            self.reply(200, b"OK")
        elif path == "/version":
            v = {"Version": "0.0.0-ctxdiff", "ApiVersion": self.server.api_version,
                 "MinAPIVersion": "1.24", "Os": "linux", "Arch": "amd64",
                 "Components": []}
            self.reply(200, json.dumps(v).encode() + b"\n", "application/json")
        else:
            self.not_found()

    def do_POST(self):
        path, q = self.route()
        log("POST %s" % self.path)
        if path != "/build":
            # read (and drop) the body so the connection stays usable
            try:
                self.drain_body(None)
            except (ValueError, ConnectionError):
                self.close_connection = True
            return self.not_found()
        out = self.server.out
        final = part = None
        if out != "-":
            tag = (q.get("t") or ["untagged"])[0]
            tag = re.sub(r"[^A-Za-z0-9._-]", "_", tag) or "untagged"
            final = out.replace("{t}", tag)
            part = final + ".part"
        try:
            if part is not None:
                with open(part, "wb") as f:
                    n = self.drain_body(f)
                os.replace(part, final)
            else:
                n = self.drain_body(None)
        except (ValueError, ConnectionError, OSError) as e:
            log("build body error: %s" % e)
            if part is not None:
                try:
                    os.unlink(part)
                except OSError:
                    pass
            self.close_connection = True
            return
        log("build: %d bytes -> %s (dockerfile=%s)"
            % (n, final, (q.get("dockerfile") or [""])[0]))
        img = "sha256:" + hashlib.sha256(str(n).encode() + self.path.encode()).hexdigest()
        if (q.get("q") or ["0"])[0] in ("1", "true", "True"):
            # what dockerd sends for a quiet build: the ID only
            lines = [{"stream": img + "\n"}, {"aux": {"ID": img}}]
        else:
            lines = [{"stream": "ctxdiff engine: received %d context bytes\n" % n},
                     {"aux": {"ID": img}},
                     {"stream": "Successfully built %s\n" % img[7:19]}]
        body = b"".join(json.dumps(x).encode() + b"\r\n" for x in lines)
        self.reply(200, body, "application/json")


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    allow_reuse_address = False

    def get_request(self):
        conn, _ = super().get_request()
        # BaseHTTPRequestHandler wants a (host, port) client address
        return conn, ("unix", 0)


def main():
    global LOG
    ap = argparse.ArgumentParser(description="stand-in Docker Engine API")
    ap.add_argument("socket")
    ap.add_argument("out", help="file for the build body; '{t}' = tag; '-' = discard")
    ap.add_argument("--api-version", default=API_VERSION)
    ap.add_argument("--log", help="append one line per request to this file")
    ap.add_argument("--parent", type=int, help="exit when this PID is gone")
    a = ap.parse_args()
    if a.log:
        LOG = open(a.log, "a")

    try:
        os.unlink(a.socket)
    except FileNotFoundError:
        pass
    srv = Server(a.socket, Handler)
    srv.api_version = a.api_version
    srv.out = a.out

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, on_signal)

    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True)
    t.start()
    log("listening on %s" % a.socket)
    while not stop.wait(0.5):
        if a.parent:
            try:
                os.kill(a.parent, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
    srv.shutdown()
    srv.server_close()
    try:
        os.unlink(a.socket)
    except OSError:
        pass
    log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
