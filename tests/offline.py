"""Commands run with no network: in a new network namespace (``unshare --net``) whose only interface is loopback.

The suite runs the examples (``tests/published/test_offline_examples.py``) and
builds the site (``tests/published/conftest.py``) this way, as ``make build``
would on a machine with no network: anything that tries to download fails.
"""

from __future__ import annotations

import os
import shutil

#: Run inside the new network namespace: bring its loopback interface up (it starts down), so
#: examples can still talk to 127.0.0.1 (DDP's gloo rendezvous, say), then become ``python ARGS``.
#: No outside interface exists there: nothing else is reachable.
LOOPBACK_UP_THEN_RUN = """
import fcntl, os, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as control:
    request = struct.pack("16sH14x", b"lo", 0)
    flags = struct.unpack("16sH14x", fcntl.ioctl(control, SIOCGIFFLAGS, request))[1]
    fcntl.ioctl(control, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
"""

#: Why :func:`offline_command` gives ``None``: what the trust tests then say.
NO_NAMESPACE = "running with no network needs `unshare --net`, as root (util-linux's unshare; CI runs as root)"


def offline_command(python: str, *arguments: str) -> list[str] | None:
    """The command running ``python ARGUMENTS`` with no network but loopback; ``None`` without root or ``unshare``."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return None
    return [unshare, "--net", "--", python, "-c", LOOPBACK_UP_THEN_RUN, *arguments]

