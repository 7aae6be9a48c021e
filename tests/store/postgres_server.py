"""A throwaway PostgreSQL server for the store tests: initdb and pg_ctl of the installed
PostgreSQL, in a temporary directory, listening on a unix socket only (no TCP port).

PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the server
runs as the ``postgres`` user that Debian's package creates (or ``nobody``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PostgresServer", "find_postgres_bin"]


def find_postgres_bin() -> Path | None:
    """The directory of initdb, pg_ctl and postgres: on PATH, else Debian's newest version."""
    on_path = shutil.which("initdb")
    candidates = [Path(on_path).resolve().parent] if on_path else []

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    for directory in candidates:
        if all((directory / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def _server_user() -> pwd.struct_passwd | None:
    """Whom the server runs as: ourselves, unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


@dataclass(slots=True)
class PostgresServer:
    """One server in its own directory; :attr:`url` reaches its ``postgres`` database."""

    bin_dir: Path
    base: Path
    user: pwd.struct_passwd | None

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        base = Path(tempfile.mkdtemp(prefix="marsad-pg-"))  # short: a socket path holds 107 bytes
        server = cls(bin_dir, base, _server_user())
        if server.user is not None:
            os.chown(base, server.user.pw_uid, server.user.pw_gid)
        try:
            server._run(
                "initdb",
                "-D",
                str(base / "data"),
                "-U",
                "marsad",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                # A linguistic default collation, as on most real servers: ids and dates must
                # still sort byte-wise (the store's columns say COLLATE "C").
                "--locale-provider=icu",
                "--icu-locale=en-US",
                "--no-sync",
            )
            options = f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            server._run("pg_ctl", "-D", str(base / "data"), "-l", str(base / "log"), "-o", options, "-w", "start")
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def url(self) -> str:
        return f"postgresql:///postgres?host={self.base}&user=marsad"

    def log(self) -> str:
        try:
            return (self.base / "log").read_text(errors="replace")
        except OSError:
            return ""

    def _run(self, program: str, *args: str) -> None:
        user = self.user
        done = subprocess.run(
            [str(self.bin_dir / program), *args],
            cwd=self.base,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            extra_groups=[] if user else None,
            env={**os.environ, "HOME": str(self.base), "LC_ALL": "C.UTF-8"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{self.log()}")

    def stop(self) -> None:
        if (self.base / "data" / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)
