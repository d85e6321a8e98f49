"""Runs a client test program against a fresh ec2sim: starts the server, appends its
endpoint to the command line, and exits with the program's status.

Usage: /usr/bin/python3 run_with_server.py PATH_TO_EC2SIM COMMAND [ARGS...]
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import Ec2simServer, client_env  # noqa: E402

binary, command = sys.argv[1], sys.argv[2:]
with Ec2simServer(binary) as server:
    code = subprocess.call(command + [server.endpoint], env=client_env())
sys.exit(code)
