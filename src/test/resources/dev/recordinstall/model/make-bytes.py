#!/usr/bin/env python3
"""Regenerates the real protocol bytes used by the decoder tests (run from this directory).

TLS: Python's ssl module writes a ClientHello for server_hostname into a loopback listener we run
here; we capture the bytes it sent. HTTP: http.client sends a request to the same kind of
listener. DNS: a query packet built by hand (RFC 1035) and a response built by hand with a
compression pointer, A and AAAA answers and a CNAME. Names are .invalid/.example only.
"""
import http.client, socket, ssl, struct, threading

def capture(client):
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
    port = srv.getsockname()[1]; got = {}
    def accept():
        c, _ = srv.accept(); c.settimeout(2); data = b""
        try:
            while len(data) < 4096:
                chunk = c.recv(4096)
                if not chunk: break
                data += chunk
                if data.startswith(b"\x16") or b"\r\n\r\n" in data: break
        except socket.timeout: pass
        got["d"] = data; c.close()
    t = threading.Thread(target=accept); t.start()
    try: client(port)
    except Exception: pass
    t.join(); srv.close(); return got["d"]

def tls(port):
    ctx = ssl.create_default_context()
    s = socket.create_connection(("127.0.0.1", port), timeout=2)
    ctx.wrap_socket(s, server_hostname="files.pythonhosted.example")

def http_req(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    c.putrequest("GET", "/simple/django/", skip_host=True)
    c.putheader("Host", "index.example:8080"); c.endheaders()
    try: c.getresponse()
    except Exception: pass

def qname(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"

open("tls-clienthello.bin", "wb").write(capture(tls))
open("http-request.bin", "wb").write(capture(http_req))
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + qname("evil.example") + struct.pack(">HH", 1, 1)
open("dns-query.bin", "wb").write(q)
r = struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 3, 0, 0) + qname("evil.example") + struct.pack(">HH", 1, 1)
r += b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 60, len(qname("cdn.evil.example"))) + qname("cdn.evil.example")
r += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 7])
r += b"\xc0\x0c" + struct.pack(">HHIH", 28, 1, 60, 16) + socket.inet_pton(socket.AF_INET6, "2001:db8::7")
open("dns-response.bin", "wb").write(r)
