#include "sim/ssh_keys.hpp"

#include "test_support.hpp"

using namespace ec2sim::sim;

TEST_CASE("created RSA keys are PKCS#1 PEM with a SHA-1 colon fingerprint", "[keys]") {
  auto key = generate_key("rsa", "aws-course");
  CHECK(key.private_key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
  CHECK(key.public_key.starts_with("ssh-rsa AAAAB3NzaC1yc2E"));
  CHECK(key.fingerprint.size() == 59);  // 20 bytes as hex pairs with colons
  // Its public half imports as the same key (the import fingerprint differs by design:
  // AWS hashes imported keys' public DER with MD5).
  auto imported = import_public_key(key.public_key + " comment");
  CHECK(imported.type == "rsa");
  CHECK(imported.public_key == key.public_key);
  CHECK(imported.fingerprint.size() == 47);  // 16 bytes
}

TEST_CASE("created ED25519 keys are OpenSSH private keys", "[keys]") {
  auto key = generate_key("ed25519", "student");
  CHECK(key.private_key.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  CHECK(key.public_key.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"));
  CHECK(key.fingerprint.ends_with("="));  // base64 SHA-256, padded as AWS prints it
  auto imported = import_public_key(key.public_key);
  CHECK(imported.fingerprint == key.fingerprint);
}

TEST_CASE("a known OpenSSH public key gets AWS's fingerprint", "[keys]") {
  // ssh-keygen -l prints SHA256:mEFp1yG6ZJ1amObOfbbUFra3B/w1t6z2Y9oo4NMcevM for this key.
  auto k = import_public_key("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJWkyJu91PJiJnuFjAOs0hnrMe1TRJPiKEu/hg6I0z1m ed");
  CHECK(k.fingerprint == "mEFp1yG6ZJ1amObOfbbUFra3B/w1t6z2Y9oo4NMcevM=");
}

TEST_CASE("unsupported or malformed public keys are InvalidKey.Format", "[keys]") {
  CHECK(AWS_ERROR_CODE(import_public_key("not a key")) == "InvalidKey.Format");
  CHECK(AWS_ERROR_CODE(import_public_key("ssh-rsa !!!!")) == "InvalidKey.Format");
  CHECK(AWS_ERROR_CODE(import_public_key("ssh-dss AAAAB3NzaC1kc3M=")) == "InvalidKey.Format");
  // Type line says rsa, blob says ed25519.
  CHECK(AWS_ERROR_CODE(import_public_key(
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJWkyJu91PJiJnuFjAOs0hnrMe1TRJPiKEu/hg6I0z1m")) == "InvalidKey.Format");
  CHECK(AWS_ERROR_CODE(generate_key("dsa", "x")) == "InvalidParameterValue");
}

TEST_CASE("base64 round trip", "[keys]") {
  CHECK(base64_decode(base64_encode("hello world!")) == "hello world!");
  CHECK(base64_decode(base64_encode("a")) == "a");
  CHECK(AWS_ERROR_CODE(base64_decode("abc")) == "InvalidParameterValue");
}

TEST_CASE("ppk keys are PuTTY key files, version 2", "[keys]") {
  auto rsa = generate_key("rsa", "aws-course", "ppk");
  CHECK(rsa.private_key.starts_with("PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: aws-course\n"));
  CHECK(rsa.private_key.find("\nPrivate-MAC: ") != std::string::npos);
  auto ed = generate_key("ed25519", "x", "ppk");
  CHECK(ed.private_key.starts_with("PuTTY-User-Key-File-2: ssh-ed25519\n"));
  CHECK(AWS_ERROR_CODE(generate_key("rsa", "x", "pfx")) == "InvalidParameterValue");
}
