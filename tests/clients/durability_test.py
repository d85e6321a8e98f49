"""Acknowledged means kept, whatever happens to the server, and concurrent clients never
lose each other's work:
- kill -9 at random moments during a storm of mutations from several clients, then a
  restart on the same file: every acknowledged resource and state change is there, and
  relations hold (no attachment to an instance that is not there, no instance whose volume
  is missing). Three rounds, each on top of the last.
- 32 clients in two accounts making mixed mutations at once: no 5xx, no id handed out
  twice, no lost update (rules and tags that concurrent requests added to one shared group
  and one shared instance are all there), the final state matches what was acknowledged.
- a file that is not ec2sim's, or a database of a newer ec2sim, is refused with exit
  status 3 and left as it was.
Usage: /usr/bin/python3 durability_test.py PATH_TO_EC2SIM
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import main, Ec2simServer, client  # noqa: E402

BINARY = None


def ami(ec2):
    return ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*"]},
                                                          {"Name": "architecture", "Values": ["x86_64"]}])["Images"][0]["ImageId"]


class Acknowledged:
    """What the server said yes to (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.key_pairs, self.volumes, self.instances, self.terminated, self.tags = set(), set(), set(), set(), set()
        self.faults = []

    def add(self, kind, value):
        with self.lock:
            getattr(self, kind).add(value)


def storm(endpoint, account, image, acked, stop, seed):
    """Mutations until `stop`, each recorded once the server has answered it."""
    rng = random.Random(seed)
    ec2 = client(endpoint, key=account)
    mine = []
    while not stop.is_set():
        try:
            choice = rng.random()
            if choice < 0.25:
                name = "k-" + uuid.uuid4().hex[:12]
                ec2.create_key_pair(KeyName=name)
                acked.add("key_pairs", name)
            elif choice < 0.45:
                acked.add("volumes", ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)["VolumeId"])
            elif choice < 0.7:
                iid = ec2.run_instances(ImageId=image, InstanceType="t3.nano", MinCount=1, MaxCount=1,
                                        Placement={"AvailabilityZone": "ap-northeast-2a"})["Instances"][0]["InstanceId"]
                acked.add("instances", iid)
                mine.append(iid)
            elif choice < 0.85 and mine:
                iid = rng.choice(mine)
                value = uuid.uuid4().hex[:8]
                ec2.create_tags(Resources=[iid], Tags=[{"Key": "k" + value, "Value": value}])
                acked.add("tags", (iid, "k" + value, value))
            elif mine:
                iid = mine.pop(rng.randrange(len(mine)))
                ec2.terminate_instances(InstanceIds=[iid])
                acked.add("terminated", iid)
        except ClientError as e:
            if e.response["ResponseMetadata"]["HTTPStatusCode"] >= 500:
                acked.faults.append(str(e))
        except Exception:  # the server went away mid-request: not acknowledged
            if not stop.is_set():
                time.sleep(0.01)


class KillNine(unittest.TestCase):
    def test_acknowledged_writes_survive_kill_9(self):
        directory = tempfile.mkdtemp(prefix="ec2sim-durability-")
        db = os.path.join(directory, "state.db")
        accounts = ["111111111111", "222222222222"]
        acked = {a: Acknowledged() for a in accounts}
        rng = random.Random(20261201)
        try:
            for round_number in range(3):
                server = Ec2simServer(BINARY, db=db).__enter__()
                image = ami(client(server.endpoint, key=accounts[0]))
                stop = threading.Event()
                threads = [threading.Thread(target=storm, args=(server.endpoint, account, image, acked[account], stop,
                                                                 round_number * 10 + n))
                           for n, account in enumerate(accounts * 3)]
                for t in threads:
                    t.start()
                # Once each account has had something of every kind acknowledged (a slow,
                # sanitized build takes longer), at a random moment after that:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and not all(
                        acked[a].key_pairs and acked[a].volumes and acked[a].instances and acked[a].tags and
                        acked[a].terminated for a in accounts):
                    time.sleep(0.05)
                time.sleep(rng.uniform(0.2, 1.5))
                server.proc.send_signal(signal.SIGKILL)  # no goodbye: whatever is in flight is lost
                server.proc.wait()
                server.proc.stdout.close()
                stop.set()
                for t in threads:
                    t.join()
                for account in accounts:  # the storm did acknowledge something
                    got = acked[account]
                    self.assertTrue(got.key_pairs and got.volumes and got.instances)
                self.check(db, accounts, acked)
            self.assertTrue(all(acked[a].tags and acked[a].terminated for a in accounts))
        finally:
            shutil.rmtree(directory)

    def check(self, db, accounts, acked):
        print("acknowledged so far:", {a: {k: len(v) for k, v in vars(g).items() if isinstance(v, set)}
                                       for a, g in acked.items()})
        with Ec2simServer(BINARY, db=db) as server:
            for account in accounts:
                ec2, got = client(server.endpoint, key=account), acked[account]
                self.assertEqual(got.faults, [])
                pairs = {k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]}
                self.assertLessEqual(got.key_pairs, pairs)
                volumes = {v["VolumeId"]: v for v in ec2.describe_volumes()["Volumes"]}
                self.assertLessEqual(got.volumes, set(volumes))
                instances = {i["InstanceId"]: i for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
                self.assertLessEqual(got.instances, set(instances))
                for iid in got.terminated:
                    self.assertIn(instances[iid]["State"]["Name"], ("shutting-down", "terminated"), iid)
                for iid, key, value in got.tags:
                    tags = {t["Key"]: t["Value"] for t in instances[iid].get("Tags", [])}
                    self.assertEqual(tags.get(key), value, iid)
                # Relations hold both ways between instances and their volumes.
                for iid, i in instances.items():
                    if i["State"]["Name"] == "terminated":
                        continue
                    for mapping in i.get("BlockDeviceMappings", []):
                        volume = volumes.get(mapping["Ebs"]["VolumeId"])
                        self.assertIsNotNone(volume, "instance %s lost its volume" % iid)
                        self.assertEqual(volume["Attachments"][0]["InstanceId"], iid)
                for vid, v in volumes.items():
                    for attachment in v["Attachments"]:
                        self.assertIn(attachment["InstanceId"], instances, "volume %s hangs off nothing" % vid)


class Concurrency(unittest.TestCase):
    def test_32_clients_in_two_accounts(self):
        with Ec2simServer(BINARY) as server:
            accounts = ["333333333333", "444444444444"]
            shared = {}
            for account in accounts:
                ec2 = client(server.endpoint, key=account)
                image = ami(ec2)
                shared[account] = {
                    "image": image,
                    "group": ec2.create_security_group(GroupName="shared", Description="shared")["GroupId"],
                    "instance": ec2.run_instances(ImageId=image, InstanceType="t3.nano", MinCount=1,
                                                  MaxCount=1)["Instances"][0]["InstanceId"]}
            lock = threading.Lock()
            ids, statuses, rules, tags, made = [], [], {a: set() for a in accounts}, {a: set() for a in accounts}, []

            def work(n):
                account = accounts[n % 2]
                ec2, mine = client(server.endpoint, key=account), shared[account]
                for step in range(12):
                    try:
                        kind = step % 4
                        if kind == 0:
                            port = 1000 + n * 20 + step
                            ec2.authorize_security_group_ingress(GroupId=mine["group"], IpProtocol="tcp", FromPort=port,
                                                                 ToPort=port, CidrIp="10.0.0.0/8")
                            with lock:
                                rules[account].add(port)
                        elif kind == 1:
                            key = "t%d-%d" % (n, step)
                            ec2.create_tags(Resources=[mine["instance"]], Tags=[{"Key": key, "Value": str(n)}])
                            with lock:
                                tags[account].add(key)
                        elif kind == 2:
                            volume = ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)["VolumeId"]
                            with lock:
                                ids.append(volume)
                                made.append((account, "volume", volume))
                        else:
                            reservation = ec2.run_instances(ImageId=mine["image"], InstanceType="t3.nano", MinCount=2,
                                                            MaxCount=2)
                            with lock:
                                ids.extend(i["InstanceId"] for i in reservation["Instances"])
                                ids.append(reservation["ReservationId"])
                                made.extend((account, "instance", i["InstanceId"]) for i in reservation["Instances"])
                        with lock:
                            statuses.append(200)
                    except ClientError as e:
                        with lock:
                            statuses.append(e.response["ResponseMetadata"]["HTTPStatusCode"])

            threads = [threading.Thread(target=work, args=(n,)) for n in range(32)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual([s for s in statuses if s >= 500], [])
            self.assertEqual(statuses.count(200), 32 * 12)
            self.assertEqual(len(ids), len(set(ids)), "an id was handed out twice")
            for account in accounts:
                ec2 = client(server.endpoint, key=account)
                group = ec2.describe_security_groups(GroupIds=[shared[account]["group"]])["SecurityGroups"][0]
                self.assertEqual({p["FromPort"] for p in group["IpPermissions"]}, rules[account])
                instance = ec2.describe_instances(InstanceIds=[shared[account]["instance"]])
                keys = {t["Key"] for t in instance["Reservations"][0]["Instances"][0].get("Tags", [])}
                self.assertEqual(keys, tags[account])
                volumes = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
                instances = {i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]}
                for owner, kind, rid in made:
                    if owner == account:
                        self.assertIn(rid, volumes if kind == "volume" else instances)
                    else:
                        self.assertNotIn(rid, volumes | instances)


class ForeignFiles(unittest.TestCase):
    def serve(self, path):
        return subprocess.run([BINARY, "serve", "--db", path, "--port", "0"], capture_output=True, text=True, timeout=20)

    def test_files_that_are_not_ours_are_refused_untouched(self):
        directory = tempfile.mkdtemp(prefix="ec2sim-foreign-")
        try:
            notes = os.path.join(directory, "notes.db")
            with open(notes, "w") as f:
                f.write("my lecture notes\n" * 200)
            before = open(notes, "rb").read()
            out = self.serve(notes)
            self.assertEqual(out.returncode, 3, out.stderr)
            self.assertIn("is not an ec2sim database", out.stderr)
            self.assertEqual(open(notes, "rb").read(), before)

            newer = os.path.join(directory, "newer.db")
            with Ec2simServer(BINARY, db=newer):
                pass
            import sqlite3
            connection = sqlite3.connect(newer)
            connection.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
            connection.commit()
            connection.close()
            out = self.serve(newer)
            self.assertEqual(out.returncode, 3, out.stderr)
            self.assertIn("newer than this ec2sim", out.stderr)
        finally:
            shutil.rmtree(directory)


if __name__ == "__main__":
    main(__name__)
