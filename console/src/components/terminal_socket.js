// The browser terminal's WebSocket to ec2sim (GET /_ec2sim/instances/{id}/terminal, upgraded):
// its URL is presigned with SigV4 (query string, as AWS's own EC2 Instance Connect URLs are),
// so it is the signed-in account that opens it. Frames: binary both ways are the
// terminal's bytes; text frames are JSON — {"resize": {"cols", "rows"}} from here,
// {"error", "message"} or {"exit": status} from the server.
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256Js } from "@smithy/core/checksum";

export async function terminalUrl(session, instanceId, { user, cols, rows }) {
  const location = window.location;
  const signer = new SignatureV4({
    service: "ec2",
    region: session.region,
    credentials: { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken },
    sha256: Sha256Js,
  });
  const path = `/_ec2sim/instances/${encodeURIComponent(instanceId)}/terminal`;
  const signed = await signer.presign({
    method: "GET",
    protocol: location.protocol,
    hostname: location.hostname,
    port: location.port ? Number(location.port) : undefined,
    path,
    query: { user, cols: String(cols), rows: String(rows) },
    headers: { host: location.host },
  }, { expiresIn: 60 });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(signed.query)) query.append(name, Array.isArray(value) ? value[0] : value);
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${path}?${query}`;
}
