"""Reading a small file that may not be what it claims (a session file): only a
regular file, only up to a limit. Imports nothing but `os` and `stat`, so the
prompt's `devhub due --count` (cli/due_count.py) can use it as cheaply as
storage.session_file does."""

from __future__ import annotations

import os
import stat


def read_small_regular_file(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """The file's bytes, or None if it is not a regular file or is over ``limit``."""
    # O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused below);
    # O_NOCTTY: a link to a terminal device never becomes our controlling terminal
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= limit else None
