#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Type a command line into a real interactive bash (on a pseudo-terminal)
# with a completion file loaded, press TAB, and print the line as bash
# completed it.  usage: bash-complete.py COMPLETION_FILE 'LINE'
# Bounded: each wait gives up after 15 seconds; exits 1 without a line.
import os
import pty
import re
import select
import sys
import time

comp, line = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.environ["PS1"] = "PROMPT$ "
    os.environ["INPUTRC"] = "/dev/null"
    os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])


def read_until(marker, limit=15.0):
    out = b""
    end = time.time() + limit
    while time.time() < end and marker not in out:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out


def send(s):
    os.write(fd, s.encode())


read_until(b"PROMPT$ ")
send("source '%s'; bind 'set bell-style none'\r" % comp)
read_until(b"PROMPT$ ")
# TAB completes; then Ctrl-A, "echo ==" and Enter print the completed line.
send(line + "\t")
# readline reads the queued keys in order: no need to wait here
send("\x01echo ==\r")
out = read_until(b"PROMPT$ ").decode(errors="replace")
send("exit\r")
try:
    os.waitpid(pid, 0)
except OSError:
    pass
out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z@]", "", out).replace("\r", "")
for l in out.split("\n"):
    if "==" in l and "echo ==" not in l:
        print(l.split("==", 1)[1].rstrip())
        sys.exit(0)
sys.exit(1)
