// Real SSH key material, as EC2 hands it out and accepts it.
//
// CreateKeyPair returns a private key the student saves as a .pem and gives to ssh -i:
// RSA-2048 as PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), ED25519 in OpenSSH's own format
// ("BEGIN OPENSSH PRIVATE KEY"). ImportKeyPair accepts OpenSSH public keys. Fingerprints
// are computed as AWS computes them:
//   RSA created by AWS:   SHA-1 of the PKCS#8 DER private key, colon-separated hex
//   RSA imported:         MD5 of the DER SubjectPublicKeyInfo, colon-separated hex
//   ED25519 (either way): base64 SHA-256 of the OpenSSH public key blob
#pragma once

#include <string>
#include <string_view>

namespace ec2sim::sim {

struct GeneratedKey {
  std::string private_key;  // PEM (RSA) or OpenSSH (ED25519) text
  std::string public_key;   // OpenSSH one-line form: "ssh-rsa AAAA…"
  std::string fingerprint;
};

struct ImportedKey {
  std::string type;        // "rsa" or "ed25519"
  std::string public_key;  // OpenSSH one-line form, normalised (no comment)
  std::string fingerprint;
};

// `type` is "rsa" or "ed25519"; `format` "pem" (above) or "ppk" (PuTTY's key file, version
// 2, unencrypted, for PuTTY users on Windows).
GeneratedKey generate_key(std::string_view type, std::string_view comment, std::string_view format = "pem");

// Parses a public key in the forms AWS imports: OpenSSH's line ("ssh-rsa AAAA… comment"),
// RFC 4716's SSH2 public key file, or base64 DER (SubjectPublicKeyInfo; PEM armour too).
// Throws ApiError (InvalidKey.Format) when it is not a supported key; RSA keys must have
// 1024–4096 bits.
ImportedKey import_public_key(std::string_view text);

// `plaintext` encrypted for the holder of an RSA key pair (`public_key`: its OpenSSH line)
// with PKCS#1 v1.5 padding, base64 — as EC2 hands out a Windows instance's password, which
// `aws ec2 get-password-data --priv-launch-key` decrypts. "" for a key that is not RSA.
std::string rsa_encrypt_base64(std::string_view public_key, std::string_view plaintext);

std::string base64_encode(std::string_view bytes);
// Throws ApiError (InvalidParameterValue) for text that is not base64.
std::string base64_decode(std::string_view text);

}  // namespace ec2sim::sim
