"""Time from exec of `ec2sim serve` to its first answered request, and its idle RSS.

Usage: /usr/bin/python3 bench/first_answer.py PATH_TO_EC2SIM PORT [RUNS [SERVE_ARGS...]]
Prints the median, min and max over RUNS starts (default 20) and the RSS after start-up.
SERVE_ARGS replace the default --memory (e.g. --db FILE to start from a full database).
"""
import http.client
import socket
import statistics
import subprocess
import sys
import time


def first_answer_ms(binary, port, serve_args):
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", *serve_args, "--quiet", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("POST", "/", "Action=DescribeAvailabilityZones&Version=2016-11-15",
                             {"Content-Type": "application/x-www-form-urlencoded"})
                if conn.getresponse().status == 200:
                    return (time.perf_counter() - start) * 1000, proc
            except (ConnectionRefusedError, socket.timeout, http.client.RemoteDisconnected):
                time.sleep(0.0005)
            if time.perf_counter() - start > 10:
                raise RuntimeError("no answer within 10 s")
    except BaseException:
        proc.kill()
        raise


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    binary, port = sys.argv[1], int(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    serve_args = sys.argv[4:] or ["--memory"]
    times, rss = [], []
    for _ in range(runs):
        ms, proc = first_answer_ms(binary, port, serve_args)
        times.append(ms)
        time.sleep(0.2)
        rss.append(rss_mib(proc.pid))
        proc.terminate()
        proc.wait(timeout=10)
    print("RESULT first_answer_ms median=%.1f min=%.1f max=%.1f (runs=%d)" %
          (statistics.median(times), min(times), max(times), runs))
    print("RESULT idle_rss_mib median=%.1f" % statistics.median(rss))


if __name__ == "__main__":
    main()
