"""The warm-kernel server: imports the kernels' modules once, then forks one kernel per request.

Started by :mod:`analysis.outputs.kernels` as ``python -m analysis.outputs.kernel_server FD MODULE...``:
``FD`` is its end of a socket pair, the modules are imported before the first fork (ipykernel, pandas,
matplotlib, scipy, statsmodels and the ``analysis`` modules the notebooks import). A forked child starts
with them imported, where a fresh ``python -m ipykernel_launcher`` imports them all again.

Each request is one line of JSON, ``{"argv": [...], "env": {...}, "cwd": "...", "stderr_devnull": bool,
"modules": [...]}``: the ``ipykernel_launcher`` arguments and the modules the kernel's notebook imports
(imported here first when they are not yet: the kernel would have imported them itself, and the next one
finds them). The answer is one line, ``{"pid": N}`` or ``{"error": "..."}``.

The child becomes what ``jupyter_client.launcher.launch_kernel`` would have started: a session of its own
(``start_new_session``), the request's environment and working directory, stdin from /dev/null, a fresh
random state, matplotlib's backend from its own environment, and the kernel's parent-death check pointed
at this server, which exits when its socket closes: kernels of a process that died do not outlive it. It
leaves through the interpreter's own exit (atexit handlers, flushed streams). Children are reaped by the
system (SIGCHLD ignored here, restored in each child).
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import random
import runpy
import signal
import socket
import sys
import time
import traceback
import warnings

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets when MPLBACKEND is not set


def _child(req: dict) -> int:
    """Become the kernel; its exit code (the caller exits with it, as an interpreter would)."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        if req.get("stderr_devnull"):
            os.dup2(devnull, 2)
        os.close(devnull)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        for name, value in SET_BY_IMPORTS.items():  # what the kernel's own imports would have set where unset
            os.environ.setdefault(name, value)
        time.tzset()  # (the server checked that the time zone and locale variables are the server's own)
        # the kernel exits when this server does (ipykernel read JPY_PARENT_PID when this server imported it)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        sys.path.insert(0, req["cwd"])  # what `python -m` puts first: the working directory
        # what a fresh interpreter would have drawn: its own random state (numpy's global one is not reseeded
        # at fork) and the backend matplotlib takes from the environment when it is imported
        random.seed()
        np = sys.modules.get("numpy")
        if np is not None:
            np.random.seed()
        mpl = sys.modules.get("matplotlib")
        if mpl is not None:
            mpl.rcParams["backend"] = os.environ.get("MPLBACKEND", INLINE_BACKEND)
        sys.argv = ["ipykernel_launcher", *req["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
        return 0
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except BaseException:  # noqa: BLE001 - the kernel's own failure: on its stderr, as a fresh kernel's would be
        traceback.print_exc()
        return 1


# Environment variables the imports set (debugpy: PYDEVD_USE_FRAME_EVAL), for every later child: each has all the
# modules loaded so far. What importing the package itself sets, before the first snapshot, is in every request's
# environment already: the caller has imported the package too.
SET_BY_IMPORTS: dict[str, str] = {}


def load(modules) -> None:
    """Import what is not imported yet; a name that is not a module, or does not import, is left to the kernel."""
    before = dict(os.environ)
    for name in modules:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - imported again (and reported) by the kernel's own cell
            continue
    SET_BY_IMPORTS.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    # what is loaded moves out of the garbage collector's sight: a child's collections would otherwise walk
    # (and, through the reference counts, copy) every page of the inherited modules
    gc.freeze()


def serve(sock: socket.socket) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    reader = sock.makefile("r", encoding="utf-8")
    for line in reader:
        try:
            req = json.loads(line)
            load(req.get("modules", ()))  # the ones not loaded yet: the kernel would import them itself
            pid = os.fork()
        except Exception as exc:  # noqa: BLE001 - answered, never fatal to the server
            sock.sendall((json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n").encode())
            continue
        if pid == 0:
            reader.close()
            sock.close()
            raise SystemExit(_child(req))  # the kernel leaves through the interpreter's own exit (atexit, flush)
        sock.sendall((json.dumps({"pid": pid}) + "\n").encode())


def main(argv: list[str]) -> None:
    fd, modules = int(argv[0]), argv[1:]
    sock = socket.socket(fileno=fd)
    # `python -m` put the caller's working directory first: nothing of that folder is imported ahead (each kernel
    # runs in its notebook's folder, where a module of the same name may live)
    del sys.path[0]
    # Python 3.12+ warns at every fork of a process with threads; the only ones here are BLAS's idle workers,
    # which their library restarts in the child (as in every multiprocessing fork of a numpy process)
    warnings.filterwarnings("ignore", message=r"This process .* is multi-threaded", category=DeprecationWarning)
    # the environment a kernel's matplotlib is imported under (ipykernel sets it when it is not set)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    # debugpy (imported by ipykernel's debugger) warns on stderr, at import, that this interpreter freezes
    # modules: a fresh kernel's warning goes where its stderr does (nowhere, for the report), this one would
    # reach the caller's terminal
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    load(modules)
    sock.sendall(b'{"ready": true}\n')
    serve(sock)


if __name__ == "__main__":
    main(sys.argv[1:])
