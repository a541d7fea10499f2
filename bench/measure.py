"""Measure one run of a command: wall time and peak RSS.

    python3 -I -S bench/measure.py CWD STDOUT_FILE STDERR_FILE ARGV...

Forks, runs ARGV in CWD with stdin from /dev/null and stdout/stderr to the files, waits
with os.wait4() and prints `wall_s maxrss_kib exit` (exit is -N for signal N).

Why a separate, minimal process: Linux counts the parent's memory at fork time into the
child's ru_maxrss (the high-water mark of the forked copy is carried over at exec), so a
child forked from the benchmark driver, which holds whole manifests, would report the
driver's RSS. Started with -I -S and importing nothing but os, sys and time (built in),
this process is about 6.5 MiB; bench.py measures that floor with `true` and reports it.
"""
import os
import sys
import time


def main():
    cwd, out, err = sys.argv[1:4]
    argv = sys.argv[4:]
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            fd = os.open(os.devnull, os.O_RDONLY)
            os.dup2(fd, 0)
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 2)
            os.execvp(argv[0], argv)
        except BaseException as e:  # noqa: BLE001 - report and leave the forked copy
            os.write(2, f"measure.py: cannot run {argv[0]}: {e}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    print(f"{wall:.6f} {usage.ru_maxrss} {code}")


main()
