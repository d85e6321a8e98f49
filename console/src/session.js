// Who is signed in, where, and the SDK clients that call ec2sim for them. Every call goes
// through the real AWS SDK for JavaScript v3, SigV4-signed with the signed-in keys, to the
// server that served this page (same origin: no CORS, and a classroom's LAN address works).
import * as EC2 from "@aws-sdk/client-ec2";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { Sha256Js } from "@smithy/core/checksum";

const STORAGE_KEY = "ec2sim.session";

// The SHA-256 in JavaScript, not WebCrypto's: WebCrypto exists only on secure origins, and a
// classroom reaches ec2sim at http://<teacher's LAN address>:4566.
const clientConfig = (session) => ({
  region: session.region,
  endpoint: window.location.origin,
  credentials: {
    accessKeyId: session.accessKeyId,
    secretAccessKey: session.secretAccessKey,
    ...(session.sessionToken ? { sessionToken: session.sessionToken } : {}),
  },
  sha256: Sha256Js,
  maxAttempts: 2,
});

export function loadSession() {
  try {
    const s = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? "null");
    return s && s.accessKeyId && s.region ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession() {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

// Checks the keys (GetCallerIdentity: a strict server refuses unknown ones) and returns the
// session to keep, with the account they belong to.
export async function signIn({ accessKeyId, secretAccessKey, sessionToken, region }) {
  const session = { accessKeyId, secretAccessKey, sessionToken, region };
  const sts = new STSClient(clientConfig(session));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  return { ...session, account: identity.Account, arn: identity.Arn };
}

const clients = new Map();

function ec2Client(session) {
  const key = `${session.accessKeyId}|${session.region}`;
  if (!clients.has(key)) clients.set(key, new EC2.EC2Client(clientConfig(session)));
  return clients.get(key);
}

// ec2(session, "DescribeInstances", {...}): one EC2 API call; throws the SDK's error, whose
// `name` is EC2's error code and `message` its message.
export async function ec2(session, action, input = {}) {
  const Command = EC2[`${action}Command`];
  if (!Command) throw new Error(`no EC2 action ${action}`);
  return ec2Client(session).send(new Command(input));
}

// Every page of a paginated Describe* call, with the items under `listKey` concatenated.
export async function ec2All(session, action, input, listKey) {
  const items = [];
  let NextToken;
  do {
    const out = await ec2(session, action, { ...input, ...(NextToken ? { NextToken } : {}) });
    items.push(...(out[listKey] ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return items;
}

// The address this browser reaches ec2sim from: what a security group's "My IP" means.
export async function myAddress() {
  const res = await fetch("/_ec2sim/my-ip");
  if (!res.ok) throw new Error(`my-ip: HTTP ${res.status}`);
  return (await res.json()).address;
}
