import os, subprocess, threading, signal, time
def work(i):
    for j in range(2):
        subprocess.run(["/bin/sh", "-c", "/bin/true & /bin/echo t%d >/dev/null; wait" % i])
ts = [threading.Thread(target=work, args=(i,)) for i in range(3)]
for t in ts: t.start()
kids = []
for k in range(3):
    pid = os.fork()
    if pid == 0:
        time.sleep(0.05)
        os._exit(k)
    kids.append(pid)
os.kill(kids[0], signal.SIGTERM)
for p in kids: os.waitpid(p, 0)
for t in ts: t.join()
