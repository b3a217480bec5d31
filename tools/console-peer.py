#!/usr/bin/env python3
"""Host end of a virtio-console test: QEMU connects its chardev to us.

QEMU 7.2's file chardev has no input-path, so console input goes through
a Unix socket: `-chardev socket,id=c0,path=SOCK` (QEMU is the client).

  console-peer.py start SOCK INFILE OUTFILE
      listen on SOCK and return; in the background accept one connection,
      send INFILE, copy everything received to OUTFILE until QEMU closes
      the connection, then create OUTFILE.done (gives up after 120 s)
  console-peer.py wait OUTFILE
      wait (at most 10 s) for OUTFILE.done
"""
import os
import socket
import sys
import time


def serve(srv, infile, outfile):
    srv.settimeout(120)
    try:
        conn, _ = srv.accept()
    except OSError:
        return
    conn.settimeout(120)
    with open(infile, 'rb') as f:
        conn.sendall(f.read())
    with open(outfile, 'wb') as out:
        while True:
            try:
                data = conn.recv(4096)
            except OSError:
                break
            if not data:
                break
            out.write(data)
            out.flush()
    open(outfile + '.done', 'w').close()


def main():
    if sys.argv[1] == 'wait':
        end = time.time() + 10
        while not os.path.exists(sys.argv[2] + '.done'):
            if time.time() > end:
                print(f'{sys.argv[2]}: QEMU never closed the console connection')
                return 1
            time.sleep(0.05)
        return 0
    sock, infile, outfile = sys.argv[2:5]
    if os.path.exists(sock):
        os.unlink(sock)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock)
    srv.listen(1)
    if os.fork():
        return 0
    os.setsid()
    if os.fork():
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    serve(srv, infile, outfile)
    os._exit(0)


if __name__ == '__main__':
    sys.exit(main())
