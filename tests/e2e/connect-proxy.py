#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An HTTP CONNECT proxy that forwards every tunnel to one port, as
Proxmox VE's spiceproxy forwards a ticket host to the VM's SPICE port.

    connect-proxy.py TARGET_PORT LOG PORT_FILE

Listens on 127.0.0.1 on a port the kernel picks and writes that port to
PORT_FILE (atomically) once it listens.  Each request line is appended to
LOG.  A CONNECT, whatever host and port it names, is joined to
127.0.0.1:TARGET_PORT; any other request gets 405.  Runs until killed.
Standard library only.
"""
import os
import socket
import sys
import threading


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(client, target_port, log):
    with client:
        head = b""
        while b"\r\n\r\n" not in head:
            data = client.recv(4096)
            if not data or len(head) > 65536:
                return
            head += data
        head, rest = head.split(b"\r\n\r\n", 1)
        line = head.split(b"\r\n", 1)[0].decode("latin-1")
        log.write(line + "\n")
        words = line.split()
        if len(words) != 3 or words[0] != "CONNECT":
            client.sendall(b"HTTP/1.0 405 Method Not Allowed\r\n\r\n")
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            client.sendall(b"HTTP/1.0 502 Bad Gateway\r\n\r\n")
            return
        with upstream:
            client.sendall(b"HTTP/1.0 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            other = threading.Thread(target=pipe, args=(client, upstream), daemon=True)
            other.start()
            pipe(upstream, client)
            other.join()


def main(argv):
    if len(argv) != 4:
        print("usage: connect-proxy.py TARGET_PORT LOG PORT_FILE", file=sys.stderr)
        return 2
    target_port = int(argv[1])
    log = open(argv[2], "a", buffering=1, encoding="latin-1")
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    with open(argv[3] + ".tmp", "w") as f:
        f.write(f"{server.getsockname()[1]}\n")
    os.rename(argv[3] + ".tmp", argv[3])
    while True:
        client, _ = server.accept()
        threading.Thread(target=handle, args=(client, target_port, log), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
