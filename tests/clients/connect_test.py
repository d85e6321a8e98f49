"""Connect (issue 13) with the real OpenSSH client: the lesson's `ssh -i key.pem ec2-user@…`
into a sandboxed instance, its host key checked against GetConsoleOutput, logins refused
as the AMI refuses them, security groups enforced, files on EBS and instance store across
reboot and stop/start, user data, IMDS from inside, the guest's own shutdown and reboot,
and attempts to leave the sandbox.
Usage: /usr/bin/python3 connect_test.py PATH_TO_EC2SIM
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, control, guest_file, run_tests  # noqa: E402
from instances_test import fresh_account, instance, launch  # noqa: E402

ENDPOINT = None  # set by run_tests
BINARY = None
DATA_DIR = None  # the server's --data-dir
WORK = tempfile.mkdtemp(prefix="ec2sim-connect-test-")
WAIT = {"Delay": 1, "MaxAttempts": 15}


def client(key):
    return shared_client(ENDPOINT, key=key, region="ap-northeast-2")


def save_key(ec2, name):
    """CreateKeyPair's .pem, saved and `chmod 400`-ed as the lesson says."""
    path = os.path.join(WORK, "%s-%s.pem" % (name, time.monotonic_ns()))
    with open(path, "w") as f:
        f.write(ec2.create_key_pair(KeyName=name)["KeyMaterial"])
    os.chmod(path, 0o400)
    return path


def group_with_ssh(ec2, cidr="0.0.0.0/0"):
    gid = ec2.create_security_group(GroupName="ssh-%d" % time.monotonic_ns(), Description="ssh")["GroupId"]
    if cidr:
        ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp=cidr)
    return gid


def running(ec2, key_name, groups, **kwargs):
    iid = launch(ec2, KeyName=key_name, SecurityGroupIds=groups, **kwargs)["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
    return iid


def connect_info(iid):
    return control(ENDPOINT, "GET", "/_ec2sim/instances/%s/connect" % iid, with_status=True)


def ssh(key, iid, command, user="ec2-user", host=None, options=(), timeout=30, port=None, config=None):
    """Runs `command` through the real ssh client, to the instance's port on 127.0.0.1 or, with
    an ssh `config` (ec2sim ssh-config's), to `host`; returns (exit status, stdout, stderr)."""
    if config:
        where = ["-F", config]
    else:
        where = ["-F", "/dev/null", "-p", str(port or connect_info(iid)[1]["port"])]
    args = ["ssh", "-i", key, *where, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=error", *options,
            "%s@%s" % (user, host or "127.0.0.1"), command]
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout, done.stderr


class Lesson(unittest.TestCase):
    def test_the_lessons_ssh_with_the_consoles_host_key(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "aws-course")
        iid = running(ec2, "aws-course", [group_with_ssh(ec2)])
        # Where to connect: the route, and `ec2sim connect-info` printing the same.
        status, info = connect_info(iid)
        self.assertEqual((status, info["host"], info["user"]), (200, "127.0.0.1", "ec2-user"))
        printed = subprocess.run([BINARY, "connect-info", iid, "--endpoint", ENDPOINT], capture_output=True, text=True)
        self.assertEqual(printed.stdout.strip(), '{"host": "127.0.0.1", "port": %d, "user": "ec2-user"}' % info["port"])
        # known_hosts from the console output's host keys: StrictHostKeyChecking=yes passes.
        console = ec2.get_console_output(InstanceId=iid)["Output"]  # botocore decodes the base64
        keys = console.split("-----BEGIN SSH HOST KEY KEYS-----\n")[1].split("-----END")[0].split("\n")
        fingerprint = re.search(r"256 (SHA256:\S+) root@", console).group(1)
        known_hosts = os.path.join(WORK, "known_hosts-" + iid)
        with open(known_hosts, "w") as f:
            for line in filter(None, keys):
                f.write("[127.0.0.1]:%d %s\n" % (info["port"], " ".join(line.split()[:2])))
        listed = subprocess.run(["ssh-keygen", "-lf", known_hosts], capture_output=True, text=True).stdout
        self.assertIn(fingerprint, listed)
        code, out, err = ssh(key, iid, "id -un; hostname; . /etc/os-release; echo $PRETTY_NAME; pwd",
                             options=["-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + known_hosts])
        self.assertEqual(code, 0, err)
        user, host, pretty, home = out.split("\n")[:4]
        private_dns = instance(ec2, iid)["PrivateDnsName"]
        self.assertEqual((user, host, home), ("ec2-user", private_dns.split(".")[0], "/home/ec2-user"))
        self.assertTrue(pretty.startswith("Amazon Linux 2023"), pretty)
        # A command's exit status and stderr come back as ssh's.
        self.assertEqual(ssh(key, iid, "echo oops >&2; exit 7")[::2], (7, "oops\n"))

    def test_only_the_key_pair_and_the_login_user(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "right")
        other = save_key(ec2, "other")
        iid = running(ec2, "right", [group_with_ssh(ec2)])
        code, out, _ = ssh(key, iid, "true", user="root")
        self.assertEqual((code, out), (142, 'Please login as the user "ec2-user" rather than the user "root".\n\n'))
        for user, pem in (("ubuntu", key), ("ec2-user", other)):
            code, _, err = ssh(key if pem == key else other, iid, "true", user=user)
            self.assertEqual(code, 255)
            self.assertIn("Permission denied (publickey)", err)
        # A key others can read is refused by ssh itself, as the lesson's chmod 400 warns.
        loose = key + ".loose"
        with open(key) as src, open(loose, "w") as dst:
            dst.write(src.read())
        os.chmod(loose, 0o644)
        code, _, err = ssh(loose, iid, "true", options=["-o", "LogLevel=info"])
        self.assertEqual(code, 255)
        self.assertIn("UNPROTECTED PRIVATE KEY FILE", err)


class SecurityGroups(unittest.TestCase):
    def test_no_rule_no_answer_then_allowed_then_revoked(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        gid = group_with_ssh(ec2, cidr=None)
        iid = running(ec2, "k", [gid])
        quick = ["-o", "ConnectTimeout=3"]
        code, _, err = ssh(key, iid, "true", options=quick)
        self.assertEqual(code, 255)
        self.assertIn("timed out", err)
        ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22,
                                             CidrIp="127.0.0.1/32")
        self.assertEqual(ssh(key, iid, "echo in", options=quick)[:2], (0, "in\n"))
        ec2.revoke_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="127.0.0.1/32")
        self.assertIn("timed out", ssh(key, iid, "true", options=quick)[2])
        # A rule for another address, or another port, lets nobody from here in.
        ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="10.0.0.0/8")
        ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0")
        self.assertIn("timed out", ssh(key, iid, "true", options=quick)[2])

    def test_only_a_running_instance(self):
        ec2 = client(fresh_account())
        save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)])
        port = connect_info(iid)[1]["port"]
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        status, body = connect_info(iid)
        self.assertEqual((status, body["error"]), (409, "IncorrectInstanceState"))
        self.assertIn("stopped", body["message"])
        refused = subprocess.run([BINARY, "connect-info", iid, "--endpoint", ENDPOINT], capture_output=True, text=True)
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(connect_info("i-0123456789abcdef0")[0], 404)
        time.sleep(1.5)  # the scheduler's second closes the stopped instance's port
        code, _, err = ssh(save_key(ec2, "k2"), iid, "true", port=port, options=["-o", "ConnectTimeout=3"])
        self.assertEqual(code, 255)


class Guest(unittest.TestCase):
    def test_files_on_ebs_survive_stop_and_instance_store_does_not(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)], InstanceType="i3.large")
        code, _, err = ssh(key, iid, "echo on-ebs > notes.txt && echo scratch > /media/ephemeral0/cache.txt && "
                                     "sudo sh -c 'echo edited >> /etc/motd'")
        self.assertEqual(code, 0, err)
        # The shell's files are the volume's files: the files route reads what it wrote.
        self.assertEqual(guest_file(ENDPOINT, "GET", iid, "xvda/home/ec2-user/notes.txt"), (200, b"on-ebs\n"))
        ec2.reboot_instances(InstanceIds=[iid])
        time.sleep(1.5)
        self.assertEqual(ssh(key, iid, "cat notes.txt /media/ephemeral0/cache.txt")[:2], (0, "on-ebs\nscratch\n"))
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        ec2.start_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        code, out, err = ssh(key, iid, "cat notes.txt /etc/motd; ls -A /media/ephemeral0 | wc -l")
        self.assertEqual((code, out), (0, "on-ebs\nedited\n0\n"), err)

    def test_a_snapshot_keeps_what_the_volume_held_when_it_was_taken(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)])
        self.assertEqual(ssh(key, iid, "echo before > f.txt")[0], 0)
        root = instance(ec2, iid)["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
        snapshot = ec2.create_snapshot(VolumeId=root)["SnapshotId"]
        ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snapshot], WaiterConfig=WAIT)
        self.assertEqual(ssh(key, iid, "echo after >> f.txt")[0], 0)  # written in place
        zone = instance(ec2, iid)["Placement"]["AvailabilityZone"]
        restored = ec2.create_volume(SnapshotId=snapshot, AvailabilityZone=zone)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        ec2.attach_volume(VolumeId=restored, InstanceId=iid, Device="/dev/sdf")
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        ec2.reboot_instances(InstanceIds=[iid])  # the new disk appears at the next boot
        time.sleep(1.5)
        code, out, err = ssh(key, iid, "cat /media/sdf/home/ec2-user/f.txt; echo mine >> /media/sdf/home/ec2-user/f.txt")
        self.assertEqual((code, out), (0, "before\n"), err)
        self.assertEqual(ssh(key, iid, "cat f.txt")[1], "before\nafter\n")  # the restored copy is its own

    def test_user_data_runs_once_at_first_boot(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        script = "#!/bin/bash\necho made-by-user-data > /home/ec2-user/from-user-data.txt\n" \
                 "nohup sleep 4321 > /dev/null 2>&1 &\necho script-ran\n"
        iid = running(ec2, "k", [group_with_ssh(ec2)], UserData=script)
        time.sleep(2.5)  # the scheduler's next second boots it
        code, out, err = ssh(key, iid, "cat from-user-data.txt; pgrep -c -f '[s]leep 4321'; "
                                       "grep -c script-ran /var/log/cloud-init-output.log")
        self.assertEqual((code, out), (0, "made-by-user-data\n1\n1\n"), err)
        # What it printed is in the console output too.
        self.assertIn("cloud-init[1870]: script-ran\n", ec2.get_console_output(InstanceId=iid)["Output"])
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        ec2.start_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        time.sleep(2.5)
        # Its process ended with the stop; the script did not run again.
        code, out, err = ssh(key, iid, "pgrep -c -f '[s]leep 4321'; grep -c script-ran /var/log/cloud-init-output.log")
        self.assertEqual(out, "0\n1\n", err)

    def test_cloud_config_user_data(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        extra = save_key(ec2, "extra")
        extra_public = subprocess.run(["ssh-keygen", "-y", "-f", extra], capture_output=True, text=True).stdout.strip()
        config = "#cloud-config\n" \
                 "write_files:\n  - path: /etc/app.conf\n    content: |\n      port=8080\n    permissions: '0640'\n" \
                 "users:\n  - default\n  - name: deploy\n    ssh_authorized_keys:\n      - %s\n" \
                 "packages:\n  - nginx\n" \
                 "runcmd:\n  - echo runcmd-ran > /home/ec2-user/runcmd.txt\n  - [sh, -c, 'echo list-form >> /home/ec2-user/runcmd.txt']\n" \
                 % extra_public
        iid = running(ec2, "k", [group_with_ssh(ec2)], UserData=config)
        time.sleep(2.5)
        code, out, err = ssh(key, iid, "cat /etc/app.conf runcmd.txt; stat -c %a /etc/app.conf; "
                                       "grep -c 'not installed: nginx' /var/log/cloud-init-output.log")
        self.assertEqual((code, out), (0, "port=8080\nruncmd-ran\nlist-form\n640\n1\n"), err)
        self.assertEqual(ssh(extra, iid, "id -un; echo $HOME", user="deploy")[:2], (0, "ec2-user\n/home/deploy\n"))

    def test_instance_metadata_from_inside(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)], UserData="#!/bin/sh\ntrue\n",
                      MetadataOptions={"HttpTokens": "optional"})
        described = instance(ec2, iid)
        url = "http://169.254.169.254/latest/"
        v1 = "for p in instance-id ami-id instance-type placement/availability-zone local-ipv4 public-ipv4 " \
             "public-hostname mac security-groups public-keys/; do curl -s %smeta-data/$p; echo; done" % url
        code, out, err = ssh(key, iid, v1)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.split("\n")[:10], [
            iid, described["ImageId"], "t2.micro", described["Placement"]["AvailabilityZone"],
            described["PrivateIpAddress"], described["PublicIpAddress"], described["PublicDnsName"],
            described["NetworkInterfaces"][0]["MacAddress"], described["SecurityGroups"][0]["GroupName"], "0=k"])
        public_key = subprocess.run(["ssh-keygen", "-y", "-f", key], capture_output=True, text=True).stdout.split()[1]
        code, out, _ = ssh(key, iid, "curl -s %smeta-data/public-keys/0/openssh-key; curl -s %suser-data" % (url, url))
        self.assertEqual(out.split()[1], public_key)
        self.assertTrue(out.endswith("#!/bin/sh\ntrue\n"))
        v2 = "T=$(curl -s -X PUT %sapi/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'); " \
             "curl -s -H \"X-aws-ec2-metadata-token: $T\" %sdynamic/instance-identity/document" % (url, url)
        document = json.loads(ssh(key, iid, v2)[1])
        self.assertEqual((document["instanceId"], document["region"]), (iid, "ap-northeast-2"))
        status = "curl -s -o /dev/null -w '%%{http_code} ' %smeta-data/instance-id; " \
                 "curl -s -o /dev/null -w '%%{http_code} ' -X PUT %sapi/token" % (url, url)
        self.assertEqual(ssh(key, iid, status)[1], "200 400 ")  # a token needs its TTL
        ec2.modify_instance_metadata_options(InstanceId=iid, HttpTokens="required")
        self.assertEqual(ssh(key, iid, status)[1], "401 400 ")
        self.assertEqual(json.loads(ssh(key, iid, v2)[1])["instanceId"], iid)
        ec2.modify_instance_metadata_options(InstanceId=iid, HttpEndpoint="disabled")
        self.assertEqual(ssh(key, iid, status)[1], "403 403 ")

    def test_the_guests_own_shutdown_and_reboot(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        gid = group_with_ssh(ec2)
        iid = running(ec2, "k", [gid])
        self.assertEqual(ssh(key, iid, "nohup sleep 999 > /dev/null 2>&1 & sudo reboot")[0], 0)
        time.sleep(1.5)
        self.assertEqual(instance(ec2, iid)["State"]["Name"], "running")
        self.assertEqual(ssh(key, iid, "pgrep -c -f '[s]leep 999'")[1], "0\n")  # the reboot ended it
        code, _, err = ssh(key, iid, "shutdown -h now")
        self.assertEqual(code, 1)
        self.assertIn("Access denied", err)  # root only, as on the AMI
        ssh(key, iid, "sudo shutdown -h now")
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.assertEqual(instance(ec2, iid)["StateReason"]["Code"], "Client.InstanceInitiatedShutdown")
        doomed = running(ec2, "k", [gid], InstanceInitiatedShutdownBehavior="terminate")
        ssh(key, doomed, "sudo poweroff")
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[doomed], WaiterConfig=WAIT)


class ProxyCommand(unittest.TestCase):
    def test_the_public_dns_name_and_ip_through_ssh_config(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)])
        config = os.path.join(WORK, "ssh_config")
        with open(config, "w") as f:
            f.write(subprocess.run([BINARY, "ssh-config", "--endpoint", ENDPOINT], capture_output=True,
                                   text=True, check=True).stdout)
        described = instance(ec2, iid)
        for host in (described["PublicDnsName"], described["PublicIpAddress"]):
            code, out, err = ssh(key, iid, "hostname", host=host, config=config)
            self.assertEqual((code, out), (0, described["PrivateDnsName"].split(".")[0] + "\n"), err)
        # Names ec2sim does not know are left to ssh (the Match does not apply).
        check = subprocess.run([BINARY, "ssh-proxy", "--endpoint", ENDPOINT, "--check", "example.com"])
        self.assertEqual(check.returncode, 1)


class Sandbox(unittest.TestCase):
    def test_escape_attempts_fail(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)])
        neighbour = running(ec2, "k", [group_with_ssh(ec2)])
        self.assertEqual(ssh(key, neighbour, "echo secret > neighbour.txt")[0], 0)
        secret = os.path.join(WORK, "host-secret.txt")
        with open(secret, "w") as f:
            f.write("host secret\n")
        port = ENDPOINT.rsplit(":", 1)[1]
        attempts = {
            "the server's data directory": "ls %s" % DATA_DIR,
            "a host file": "cat %s" % secret,
            "the host's /root": "ls -a /root | grep -c .",  # only the guest's own /root: . .. .ssh
            "another instance's files": "find / -name neighbour.txt 2>/dev/null | grep -c .",
            "a socket to the host": "echo > /dev/tcp/127.0.0.1/%s" % port,
            "the host's network": "curl -s -m 3 http://10.0.0.1/ || curl -s -m 3 %s/_ec2sim/health" % ENDPOINT,
            "root of the host": "sudo cat /proc/1/root/%s" % secret,
        }
        for name, command in attempts.items():
            code, out, _ = ssh(key, iid, command)
            if name in ("the host's /root",):
                self.assertEqual(out, "3\n", name)
            elif name == "another instance's files":
                self.assertEqual(out, "0\n", name)
            else:
                self.assertNotEqual(code, 0, "%s: %s" % (name, out))
                self.assertNotIn("secret", out, name)

    def test_links_the_guest_makes_lead_nowhere_on_the_host(self):
        ec2 = client(fresh_account())
        key = save_key(ec2, "k")
        iid = running(ec2, "k", [group_with_ssh(ec2)])
        # The guest points its authorized_keys at a host file that lists its key: the link is
        # resolved inside the instance's disk, where there is no such file.
        host_keys = os.path.join(WORK, "host-authorized-keys")
        with open(host_keys, "w") as f:
            f.write(subprocess.run(["ssh-keygen", "-y", "-f", key], capture_output=True, text=True).stdout)
        self.assertEqual(ssh(key, iid, "ln -sf %s ~/.ssh/authorized_keys" % host_keys)[0], 0)
        code, _, err = ssh(key, iid, "true")
        self.assertEqual(code, 255)
        self.assertIn("Permission denied", err)
        # /etc/passwd made a link to an endless device: logins are refused at once, and the
        # server goes on answering.
        other = running(ec2, "k", [group_with_ssh(ec2)])
        self.assertEqual(ssh(key, other, "sudo ln -sf /dev/zero /etc/passwd")[0], 0)
        started = time.monotonic()
        self.assertEqual(ssh(key, other, "true")[0], 255)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(instance(ec2, other)["State"]["Name"], "running")


if __name__ == "__main__":
    BINARY = sys.argv[1]
    with tempfile.TemporaryDirectory() as data_dir:
        DATA_DIR = data_dir
        sys.exit(run_tests(sys.argv[1], sys.modules[__name__], "--data-dir", data_dir))
