"""Golden-trace fixture: DNS, TCP, UDP, fork, exec, threads, signals, kill, a non-zero exit.

Harmless by construction: run it only inside `bwrap --unshare-net` (scripts/record-golden.sh does);
every packet goes to loopback inside that empty network namespace, names are .invalid.
"""
import ctypes
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

DEVNULL = subprocess.DEVNULL


def dns_by_hand():
    # A real DNS query for pkg.invalid A, sent to 127.0.0.1:53 (nothing listens there).
    q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
    for label in b"pkg.invalid".split(b"."):
        q += bytes([len(label)]) + label
    q += b"\x00" + struct.pack(">HH", 1, 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(0.05)
    s.sendto(q, ("127.0.0.1", 53))
    try:
        s.recvfrom(512)
    except OSError:
        pass
    s.close()
    try:
        socket.getaddrinfo("files.pythonhosted.invalid", 443)
    except OSError:
        pass


def tcp():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname())
    a, _ = srv.accept()
    c.sendall(b"GET / HTTP/1.1\r\nHost: example.invalid\r\n\r\n\x00\xff\x7f\"quote\"\\")
    a.recv(4096)
    a.close()
    c.close()
    srv.close()
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=0.2)  # closed port: ECONNREFUSED
    except OSError:
        pass
    try:
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s6.settimeout(0.2)
        s6.connect(("::1", 9))
    except OSError:
        pass


def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"ping", ("127.0.0.1", 9))
    u.close()
    u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u6.connect(("::1", 9))
    u6.send(b"ping6")
    u6.close()


def files():
    with open("/etc/hostname", "rb") as f:
        f.read()
    fd = os.open("golden-tmp.txt", os.O_CREAT | os.O_WRONLY, 0o644)
    os.write(fd, "héllo\tworld\n".encode())
    os.unlink("golden-tmp.txt")
    os.fstat(fd)  # fd decorated as (deleted)
    os.close(fd)
    m = os.memfd_create("golden-memfd")
    os.write(m, b"\x7fELF")
    os.close(m)
    r, w = os.pipe()
    os.write(w, b"x")
    os.read(r, 1)
    os.close(r)
    os.close(w)
    try:
        os.stat("/nonexistent/\x01weird name")
    except OSError:
        pass
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall(500, 1, 2, 3)  # unknown syscall: syscall_0x1f4


def forks_and_execs():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    os.waitpid(pid, 0)
    subprocess.run(["/bin/true"], stdout=DEVNULL, stderr=DEVNULL)
    subprocess.run(["/bin/sh", "-c", "exit 5"], stdout=DEVNULL, stderr=DEVNULL)
    # A non-leader thread calls execve: strace prints "+++ superseded by execve in pid N +++".
    pid = os.fork()
    if pid == 0:
        def ex():
            os.execv("/bin/sh", ["sh", "-c", "exit 7"])
        t = threading.Thread(target=ex)
        t.start()
        time.sleep(5)
        os._exit(99)
    os.waitpid(pid, 0)


def threads():
    out = []
    ts = [threading.Thread(target=lambda i=i: out.append(sum(range(1000 * i)))) for i in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def signals():
    got = []
    signal.signal(signal.SIGUSR1, lambda s, f: got.append(s))
    os.kill(os.getpid(), signal.SIGUSR1)
    # Interrupted blocking read: ERESTARTSYS, then the handler.
    r, w = os.pipe()
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    def alarm(s, f):
        raise InterruptedError("alarm")

    signal.signal(signal.SIGALRM, alarm)
    try:
        os.read(r, 1)
    except InterruptedError:
        pass
    except OSError:
        pass
    signal.setitimer(signal.ITIMER_REAL, 0)
    os.close(r)
    os.close(w)
    # Stopped and continued while sleeping: restart_syscall.
    pid = os.fork()
    if pid == 0:
        os.execv("/bin/sleep", ["sleep", "0.3"])
    time.sleep(0.1)
    os.kill(pid, signal.SIGSTOP)
    time.sleep(0.05)
    os.kill(pid, signal.SIGCONT)
    os.waitpid(pid, 0)
    # Killed.
    pid = os.fork()
    if pid == 0:
        time.sleep(10)
        os._exit(0)
    time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    # Killed with a core dump.
    pid = os.fork()
    if pid == 0:
        resource.setrlimit(resource.RLIMIT_CORE, (1 << 20, 1 << 20))
        os.abort()
    os.waitpid(pid, 0)
    if os.path.exists("core"):
        os.unlink("core")


dns_by_hand()
tcp()
udp()
files()
forks_and_execs()
threads()
signals()
sys.exit(3)
