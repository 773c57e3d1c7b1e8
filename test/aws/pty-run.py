"""Runs a command in a pseudo-terminal, so that its stdin and stdout are TTYs, as in an operator's shell.

Usage: python3 pty-run.py PROMPT ANSWER -- COMMAND [ARGS...]
When the output contains PROMPT, ANSWER and a newline are typed. Everything the command printed goes to
stdout; the exit code is the command's own.
"""
import os
import pty
import sys


def main():
    prompt, answer = sys.argv[1].encode(), sys.argv[2].encode()
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    output, answered = b"", False
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not answered and prompt in output:
            os.write(fd, answer + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(output)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
