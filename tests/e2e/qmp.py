#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs QMP commands on a QEMU monitor socket and prints each result.

    qmp.py SOCKET COMMAND-JSON...

Each COMMAND-JSON is a QMP command object, e.g.
'{"execute": "qom-get", "arguments": {"path": "/machine/peripheral/qxl0",
"property": "ram_size"}}'.  Prints the "return" value of each command as
one JSON line, in order.  Exit status: 0 all commands succeeded, 1 a
command failed or the socket could not be used (message on stderr),
2 bad usage.  Standard library only (Debian's python3-minimal + json).
"""
import json
import socket
import sys


def main(argv):
    if len(argv) < 3:
        print("usage: qmp.py SOCKET COMMAND-JSON...", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        commands = [json.loads(a) for a in argv[2:]]
    except ValueError as e:
        print(f"qmp.py: bad command JSON: {e}", file=sys.stderr)
        return 2
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(10)
        sock.connect(path)
        stream = sock.makefile("rw", encoding="utf-8", newline="\n")
    except OSError as e:
        print(f"qmp.py: {path}: {e.strerror or e}", file=sys.stderr)
        return 1

    def reply():
        # Skip asynchronous events; return the next command reply.
        while True:
            line = stream.readline()
            if not line:
                raise EOFError("monitor closed the connection")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    try:
        reply()  # greeting
        for cmd in [{"execute": "qmp_capabilities"}] + commands:
            stream.write(json.dumps(cmd) + "\n")
            stream.flush()
            msg = reply()
            if "error" in msg:
                print(f"qmp.py: {path}: {cmd.get('execute')}: "
                      f"{msg['error'].get('desc')}", file=sys.stderr)
                return 1
            if cmd["execute"] != "qmp_capabilities":
                print(json.dumps(msg.get("return")))
    except (OSError, EOFError, ValueError) as e:
        print(f"qmp.py: {path}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
