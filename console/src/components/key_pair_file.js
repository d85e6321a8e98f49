// CreateKeyPair, then the private key straight to the browser's downloads as <name>.pem or
// <name>.ppk: the only time it can be had, as on AWS.
import { ec2 } from "../session.js";
import { download } from "./helpers.jsx";

export async function createKeyPairAndDownload(session, { name, type = "rsa", format = "pem", tags = [] }) {
  const out = await ec2(session, "CreateKeyPair", {
    KeyName: name,
    KeyType: type,
    KeyFormat: format,
    ...(tags.length ? { TagSpecifications: [{ ResourceType: "key-pair", Tags: tags }] } : {}),
  });
  download(`${name}.${format}`, out.KeyMaterial, format === "ppk" ? "application/octet-stream" : "application/x-pem-file");
  return out;
}
