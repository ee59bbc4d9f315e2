# A bounded TCP transfer for the throttle test (PrivateNetworkIT): "serve HOST PORT N" answers each connection,
# sending N bytes when it asks with "s" and reading to the end otherwise; "send|fetch HOST PORT N" sends or fetches
# N bytes once and prints how long it took in seconds.
import socket, sys, time
mode, host, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
chunk = b"\0" * 65536
def push(c):
    left = n
    while left > 0:
        left -= c.send(chunk[:min(left, len(chunk))])
if mode == "serve":
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen()
    while True:
        c, _ = s.accept()
        if c.recv(1) == b"s":
            push(c)
        else:
            while c.recv(65536):
                pass
        c.close()
c = socket.create_connection((host, port), timeout=60)
started = time.monotonic()
if mode == "send":
    c.send(b"r")
    push(c)
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
else:
    c.send(b"s")
    while c.recv(65536):
        pass
print(f"{time.monotonic() - started:.3f}")
