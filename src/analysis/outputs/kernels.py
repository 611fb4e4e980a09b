"""Kernels for the report runner: forked from a warm server where the platform allows it, else started fresh.

A fresh ``python -m ipykernel_launcher`` imports ipykernel, pandas, matplotlib, the ``analysis`` modules
and, on first use, scipy and statsmodels before its first result, and the report and the test suite start
one kernel per notebook (21 in a test run). :class:`WarmKernelManager` asks one server per process
(:mod:`analysis.outputs.kernel_server`, started on first use) to fork each kernel instead: the same kernel
program with the same arguments, environment and working directory, in its own process and session, with
those modules already imported. Measured on the 2-core machine, alternating runs in the same hours: the
test suite 192-232 CPU seconds against 207-235 with fresh kernels; the report 17.1 s against 19.9 s of
wall time (``benchmarks/report.py``). ``tests/test_kernels.py`` checks that a forked kernel's figure and
table are byte-identical to a fresh kernel's, and that its environment, working directory, ``sys.path``,
matplotlib backend and random state are a fresh kernel's (and on 2026-12-07 a whole report gave
byte-identical pages, figures, tables and workbook with either kind of kernel).

Where ``os.fork`` or working pidfds are missing (Windows, macOS, Linux before 5.3), where the kernel is not
this interpreter's ``ipykernel_launcher``, where it is launched with options the fork does not honour, where
its environment sets another variable read at start-up than the server started with (``PYTHON*``, locale,
time zone, BLAS threads, matplotlib's configuration), where its folder holds a ``matplotlibrc``, or where
the server cannot be had (it failed to start, hung or died), the kernel starts exactly as
``jupyter_client`` starts it. ``PCI_FRESH_KERNELS=1`` asks for that everywhere. The server lives as long as
the process that started it; if it is killed, the kernels it forked exit with it (their notebooks fail, as
after a kernel crash) and the next kernel starts a new one.

Either way the kernel's client (:class:`PromptClient`) takes it as ready at the idle status of its
``kernel_info`` request, not after 0.2 s of silence, and a killed kernel is seen gone within
:data:`EXIT_POLL`, not 0.1 s: 0.3 s less idle time per kernel.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import weakref
from collections.abc import Iterable
from queue import Empty
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.utils import ensure_async, run_sync

FRESH_ENV = "PCI_FRESH_KERNELS"
SERVER_TIMEOUT = 120  # seconds the server may take to import its modules, or to answer a request
SERVER_MODULE = "analysis.outputs.kernel_server"
# Imported by the server before its first fork, besides the modules the notebooks import (report.notebook_imports):
# the kernel itself (with its debugger: debugpy, a tenth of a second of every kernel's start), and what the
# library imports on first use in a kernel (scipy.stats: correlations; statsmodels: the trend fits;
# scipy.optimize: the planner; ipywidgets: the explorer). pyplot is imported
# with the analysis modules; each child sets matplotlib's backend again from its own environment.
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.display",
    "pandas",
    "matplotlib",
    "scipy.stats",
    "scipy.optimize",
    "statsmodels.regression.linear_model",
    "ipywidgets",
)


@functools.cache
def _pidfds_work() -> bool:
    """``os.pidfd_open`` exists and the running kernel answers it (Linux 5.3+, not refused by a sandbox)."""
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


def available() -> bool:
    """Can kernels be forked here: a POSIX fork, working pidfds, and not switched off."""
    return os.environ.get(FRESH_ENV, "") in ("", "0") and hasattr(os, "fork") and _pidfds_work()


class _Server:
    """The warm server of this process, started once with the modules the first caller asked for."""

    def __init__(self, modules: Iterable[str]) -> None:
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", SERVER_MODULE, str(theirs.fileno()), *modules],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C at the terminal is for the caller (which then closes the socket)
        )
        theirs.close()
        ours.settimeout(SERVER_TIMEOUT)  # a server that hangs is an OSError: the kernel then starts fresh
        self.startup = _startup_env(os.environ)
        self.sock = ours
        self.reader = ours.makefile("r", encoding="utf-8")
        self.lock = threading.Lock()
        self.ready = False

    def fork(self, argv: list[str], env: dict[str, str], cwd: str, stderr_devnull: bool, modules: list[str]) -> int:
        """The pid of a kernel forked with these ``ipykernel_launcher`` arguments; OSError when there is none."""
        with self.lock:
            if not self.ready:  # the imports: the first request waits for them
                if json.loads(self.reader.readline() or "{}").get("ready") is not True:
                    raise OSError("the warm kernel server did not start")
                self.ready = True
            request = {"argv": argv, "env": env, "cwd": cwd, "stderr_devnull": stderr_devnull, "modules": modules}
            self.sock.sendall((json.dumps(request) + "\n").encode())
            answer = json.loads(self.reader.readline() or '{"error": "the warm kernel server exited"}')
        if "pid" not in answer:
            raise OSError(answer["error"])
        return int(answer["pid"])

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # the server exits on end of input
        except OSError:  # already gone
            pass
        with self.lock:  # after any request in flight (it fails on the shut socket)
            self.reader.close()
            self.sock.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_SERVER: _Server | None = None
_SERVER_LOCK = threading.Lock()


def server(modules: Iterable[str] = ()) -> _Server:
    """This process's warm server, started on first use with :data:`KERNEL_MODULES` and ``modules`` (it imports
    them in the background: the call returns at once) and closed at exit."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is not None and _SERVER.proc.poll() is not None:  # it died: a new one
            _SERVER.close()
            _SERVER = None
        if _SERVER is None:
            _SERVER = _Server(dict.fromkeys([*KERNEL_MODULES, *_ahead(modules)]))
        return _SERVER


def _ahead(modules: Iterable[str]) -> list[str]:
    """Of a notebook's imports, the ones the server imports ahead: the package's own. A notebook's folder may
    hold a module of the same name as an installed one, and the kernel, not the server, finds it there."""
    return [m for m in modules if m.split(".")[0] == "analysis"]


def running() -> bool:
    """Has this process a warm server already (a kernel forked from it costs no more imports)."""
    return _SERVER is not None and _SERVER.proc.poll() is None


_STARTUP = re.compile(r"PYTHON.*|LC_.*|LANG|LANGUAGE|TZ|.*_NUM_THREADS|MPLCONFIGDIR|MATPLOTLIBRC|PYDEVD_.*|DEBUGPY_.*")


def _startup_env(env) -> dict[str, str]:
    """The variables read when an interpreter or its libraries start (PYTHONPATH, PYTHONHASHSEED, the locale,
    the time zone, BLAS threads, matplotlib's configuration, debugpy's settings, read when the server imports
    ipykernel's debugger): a forked kernel has its server's, so a kernel asked for with others starts fresh."""
    return {k: v for k, v in env.items() if _STARTUP.fullmatch(k)}


def close() -> None:
    """Stop this process's warm server (the next kernel starts a new one)."""
    global _SERVER
    with _SERVER_LOCK:
        if _SERVER is not None:
            _SERVER.close()
            _SERVER = None


atexit.register(close)


class ForkedKernel:
    """The ``Popen`` face of a forked kernel (not this process's child: a pidfd tells when it has exited)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd = os.pidfd_open(pid)  # this very process, whatever later reuses its number
        self._close_fd = weakref.finalize(self, os.close, self._fd)

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            self.returncode = 0  # exited; its status went to the server, which lets the system reap it
            self._close_fd()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
        return self.poll() or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._fd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _python_kernel_argv(cmd: list[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` when ``cmd`` runs it in this interpreter, else None."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        if os.path.abspath(cmd[0]) == os.path.abspath(sys.executable):  # not realpath: a venv's python links out
            return cmd[3:]
    return None


class WarmProvisioner(LocalProvisioner):
    """``LocalProvisioner`` that forks this interpreter's ``ipykernel_launcher`` from the warm server."""

    modules: tuple[str, ...] = ()

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        argv = _python_kernel_argv(cmd)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        plain = (  # launch options the fork does not honour: the kernel starts as jupyter_client starts it
            kwargs.get("independent")
            or kwargs.get("stdout") is not None
            or kwargs.get("stdin") is not None
            or kwargs.get("stderr") not in (None, subprocess.DEVNULL)
            or os.path.exists(os.path.join(cwd, "matplotlibrc"))  # read by matplotlib's import, in the kernel's cwd
        )
        if argv is None or plain or not available():
            return await super().launch_kernel(cmd, **kwargs)
        modules = _ahead(self.modules)
        try:
            warm = server()
            if _startup_env(env) != warm.startup:
                return await super().launch_kernel(cmd, **kwargs)
            pid = warm.fork(argv, env, cwd, kwargs.get("stderr") == subprocess.DEVNULL, modules)
        except OSError:  # no server to be had (it failed to start, hung or died): the kernel starts fresh
            close()
            return await super().launch_kernel(cmd, **kwargs)
        try:
            self.process = ForkedKernel(pid)
        except OSError:  # no pidfd after all: this kernel cannot be watched, so it goes and a fresh one starts
            os.kill(pid, signal.SIGKILL)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.pgid = pid  # the child made its own session
        self.cwd = cwd
        return self.connection_info


IOPUB_QUIET = 0.2  # seconds of IOPub silence that end jupyter_client's wait for a kernel (its constant)
EXIT_POLL = 0.005  # seconds between checks that a killed kernel has gone (jupyter_client: 0.1)


async def _wait_for_ready(self: BlockingKernelClient, timeout: float | None = None) -> None:
    """jupyter_client's ``wait_for_ready``, less its fixed wait: ask for ``kernel_info`` until the reply comes
    and IOPub carries a message (it is connected), then read IOPub up to the ``idle`` status of that very
    request (so IOPub holds nothing older) instead of until 0.2 s pass with no message. A kernel that
    publishes no such status ends the wait as before, after 0.2 s of silence. For a client made by its kernel's
    manager (:class:`WarmKernelManager`), as jupyter_client's is, which skips the heartbeat wait too."""
    deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
    while True:
        msg_id = self.kernel_info()
        try:
            reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            connected = False
            while True:
                try:
                    msg = await ensure_async(self.iopub_channel.get_msg(timeout=IOPUB_QUIET))
                except Empty:
                    break
                connected = True
                if (
                    msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"
                    and msg["parent_header"].get("msg_id") == msg_id
                ):
                    break
            if connected:
                self._handle_kernel_info_reply(reply)
                return
        if not await self._async_is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class PromptClient(BlockingKernelClient):
    """The blocking kernel client nbclient uses, ready as soon as the kernel is (:func:`_wait_for_ready`):
    0.2 s less per kernel, which a test run pays some thirty times."""

    wait_for_ready = run_sync(_wait_for_ready)


class WarmKernelManager(KernelManager):
    """A ``KernelManager`` whose kernels are forked from the warm server (:class:`WarmProvisioner`); with
    ``warm=False``, jupyter_client's own (a lone kernel: the server would import more than it needs). Either
    way its client is a :class:`PromptClient` and it sees a killed kernel go within :data:`EXIT_POLL`."""

    def __init__(self, *args: Any, modules: Iterable[str] = (), warm: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("client_class", f"{__name__}.PromptClient")  # a caller's own class still wins
        super().__init__(*args, **kwargs)
        self._warm_modules = tuple(modules)
        self._warm = warm

    async def _async_wait(self, pollinterval: float = EXIT_POLL) -> None:
        await super()._async_wait(pollinterval=EXIT_POLL)

    async def _async_pre_start_kernel(self, **kw: Any):
        if self.provisioner is None and self._warm:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = WarmProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            self.provisioner.modules = self._warm_modules
        return await super()._async_pre_start_kernel(**kw)
