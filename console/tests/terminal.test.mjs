// The console on a strict classroom server: sign-in refuses a wrong secret (the SDK's SigV4
// is checked for real) and accepts the right one; EC2 Instance Connect opens a shell in the
// instance's sandbox through the WebSocket, whose presigned URL the server verifies; and
// the instance's security groups refuse it, as they refuse ssh, once SSH is no longer allowed
// from this browser's address.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import net from "node:net";
import { randomBytes } from "node:crypto";
import * as EC2 from "@aws-sdk/client-ec2";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Js } from "@smithy/core/checksum";
import { startServer, startBrowser, openPage, screenshot } from "./harness.mjs";

const STUDENT = { access_key: "AKIASTUDENT0000000001", secret_key: "student-secret-1", account_id: "333333333333", name: "student01" };
const CLASSMATE = { access_key: "AKIASTUDENT0000000002", secret_key: "student-secret-2", account_id: "444444444444", name: "student02" };
let server, browser, ec2, classmate;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "ec2sim-credentials-"));
  const credentials = join(dir, "class.json");
  writeFileSync(credentials, JSON.stringify({ credentials: [STUDENT, CLASSMATE] }));
  server = await startServer("--auth", "strict", "--credentials", credentials, "--timing", "instant");
  browser = await startBrowser();
  const clientOf = (who) => new EC2.EC2Client({ endpoint: server.url, region: "ap-northeast-2", credentials: { accessKeyId: who.access_key, secretAccessKey: who.secret_key } });
  ec2 = clientOf(STUDENT);
  classmate = clientOf(CLASSMATE);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, secret) {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel("Access key ID").fill(STUDENT.access_key);
  await page.getByLabel("Secret access key").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// An instance of the student's whose group allows SSH from 127.0.0.1 (this browser's address).
async function runningInstance(client = ec2) {
  const group = await client.send(new EC2.CreateSecurityGroupCommand({ GroupName: `eic-${Date.now()}`, Description: "EC2 Instance Connect" }));
  await client.send(new EC2.AuthorizeSecurityGroupIngressCommand({ GroupId: group.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "127.0.0.1/32" }] }] }));
  const image = (await client.send(new EC2.DescribeImagesCommand({ Owners: ["amazon"], Filters: [{ Name: "name", Values: ["al2023-ami-2023*-x86_64"] }] }))).Images[0];
  const run = await client.send(new EC2.RunInstancesCommand({ ImageId: image.ImageId, InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, SecurityGroupIds: [group.GroupId] }));
  return { id: run.Instances[0].InstanceId, groupId: group.GroupId };
}

test("a strict server refuses a wrong secret at sign-in, with AWS's error", async () => {
  const { page, errors, context } = await openPage(browser, "en-US");
  await signIn(page, "not-the-secret");
  await page.getByText("Sign-in failed").waitFor();
  await page.getByText(/SignatureDoesNotMatch/).waitFor();
  await signIn(page, STUDENT.secret_key);
  await page.getByRole("button", { name: "Account" }).getByText(STUDENT.account_id).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("EC2 Instance Connect: a shell in the browser, refused once the group no longer allows SSH", async () => {
  const { id, groupId } = await runningInstance();
  const { page, errors, context } = await openPage(browser, "en-US");
  await signIn(page, STUDENT.secret_key);
  await page.getByRole("button", { name: "Account" }).getByText(STUDENT.account_id).waitFor();
  await page.goto(`${server.url}/console/#/instances/${id}/connect`);
  // The AMI's user, filled in from ec2sim's connect route.
  const username = page.getByLabel("Username");
  for (let i = 0; i < 100 && (await username.inputValue()) !== "ec2-user"; i++) await page.waitForTimeout(100);
  await screenshot(page, "terminal-00-connect");
  assert.equal(await username.inputValue(), "ec2-user");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByText("Connected", { exact: true }).waitFor();
  const terminal = page.getByTestId("terminal");
  await terminal.click();
  await page.keyboard.type("echo made-in-$(hostname -s) $((6*7)); whoami\n");
  await terminal.getByText(/made-in-ip-[0-9-]+ 42/).waitFor();
  await terminal.getByText("ec2-user", { exact: true }).first().waitFor();
  await screenshot(page, "terminal-01-shell");
  await page.keyboard.type("exit\n");
  await page.getByText("The shell exited with status 0.").waitFor();

  await ec2.send(new EC2.RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "127.0.0.1/32" }] }] }));
  await page.getByRole("button", { name: "Close", exact: true }).click();
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.getByText("Failed to connect to your instance").first().waitFor();
  await page.getByText(/none of its security groups allows SSH \(TCP port 22\) from 127\.0\.0\.1.*\(SecurityGroupDenied\)/).waitFor();
  await screenshot(page, "terminal-02-refused");
  assert.deepEqual(errors, []);
  await context.close();
});

// A terminal WebSocket opened with a URL that `who` presigned (as the console's SDK presigns
// it), at the protocol's level: resolves with the socket and the bytes read so far (frames
// and all) once the upgrade is answered.
async function openTerminalSocket(who, instanceId, { secret = who.secret_key } = {}) {
  const url = new URL(server.url);
  const signer = new SignatureV4({ service: "ec2", region: "ap-northeast-2", credentials: { accessKeyId: who.access_key, secretAccessKey: secret }, sha256: Sha256Js });
  const path = `/_ec2sim/instances/${instanceId}/terminal`;
  const signed = await signer.presign({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path,
                                        query: { user: "ec2-user", cols: "80", rows: "24" }, headers: { host: url.host } }, { expiresIn: 60 });
  const query = new URLSearchParams(signed.query).toString();
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: `${path}?${query}`, headers: {
      Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") } });
    request.on("response", (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    request.on("upgrade", (res, socket, head) => {
      const received = { bytes: Buffer.from(head) };
      socket.on("data", (chunk) => { received.bytes = Buffer.concat([received.bytes, chunk]); });
      resolve({ socket, received });
    });
    request.on("error", reject);
    request.end();
  });
}

// A client's frame (clients mask theirs): text (opcode 1) or binary (2), payload < 126 bytes.
function clientFrame(opcode, payload) {
  const data = Buffer.from(payload);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | data.length]), mask, Buffer.from(data.map((b, i) => b ^ mask[i % 4]))]);
}

async function until(condition, what) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(condition(), what);
}

// The first message of such a socket: one short text frame (FIN+text, a 7- or 16-bit length).
async function firstTerminalMessage(who, instanceId, options) {
  const { socket, received } = await openTerminalSocket(who, instanceId, options);
  await until(() => received.bytes.length >= 2, "no message");
  const frame = received.bytes;
  const length = frame[1] & 0x7f;
  const start = length === 126 ? 4 : 2;
  await until(() => received.bytes.length >= start + (length === 126 ? frame.readUInt16BE(2) : length), "a short message");
  socket.destroy();
  return JSON.parse(received.bytes.subarray(start, start + (length === 126 ? received.bytes.readUInt16BE(2) : length)).toString());
}

test("the terminal socket ignores resizes it cannot read, and goes on", async () => {
  const { id } = await runningInstance();
  const { socket, received } = await openTerminalSocket(STUDENT, id);
  for (const bad of ['{"resize":{"cols":null,"rows":"x"}}', '{"resize":[1,2]}', "not json", '{"resize":{"cols":1e9,"rows":-4}}'])
    socket.write(clientFrame(1, bad));
  socket.write(clientFrame(1, '{"resize":{"cols":100,"rows":30}}'));
  socket.write(clientFrame(2, "stty size; echo still-$((40+2))\n"));
  await until(() => received.bytes.includes("30 100") && received.bytes.includes("still-42"), `the shell answered: ${received.bytes}`);
  socket.destroy();
  assert.equal((await fetch(`${server.url}/_ec2sim/health`)).status, 200);
});

test("the terminal socket refuses a classmate's instance and a wrong signature", async () => {
  const { id } = await runningInstance(classmate);
  assert.deepEqual(await firstTerminalMessage(STUDENT, id),
                   { error: "InvalidInstanceID.NotFound", message: `The instance ID '${id}' does not exist` });
  const refused = await firstTerminalMessage(CLASSMATE, id, { secret: "wrong" });
  assert.equal(refused.error, "SignatureDoesNotMatch");
});

test("a terminal request whose path is not UTF-8 is refused in words, and the server goes on", async () => {
  // An open server: there no signature is checked, and the refusal quotes the instance id.
  const open = await startServer("--timing", "instant");
  const url = new URL(open.url);
  const socket = net.connect(Number(url.port), url.hostname);
  let answer = Buffer.alloc(0);
  socket.on("data", (chunk) => { answer = Buffer.concat([answer, chunk]); });
  socket.write(Buffer.concat([Buffer.from("GET /_ec2sim/instances/i-"), Buffer.from([0xff]), Buffer.from(
    `/terminal?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${STUDENT.access_key}%2F20261202%2Fap-northeast-2%2Fec2%2Faws4_request` +
    "&X-Amz-Date=20261202T120000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00 HTTP/1.1\r\n" +
    `Host: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n\r\n`)]));
  await until(() => answer.includes("InvalidInstanceID.NotFound"), `a refusal: ${answer}`);
  socket.destroy();
  assert.equal((await fetch(`${open.url}/_ec2sim/health`)).status, 200);
  await open.stop();
});
