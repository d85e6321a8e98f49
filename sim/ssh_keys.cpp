#include "sim/ssh_keys.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "sim/errors.hpp"

namespace ec2sim::sim {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

[[noreturn]] void crypto_failure(const char* what) { throw std::runtime_error(std::string("OpenSSL: ") + what); }

ApiError bad_key(const std::string& why) {
  return ApiError::client("InvalidKey.Format", "Key is not in valid OpenSSH public key format: " + why);
}

// --- SSH wire encoding (RFC 4251): uint32 length-prefixed strings and mpints.
void put_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}
void put_string(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}
void put_mpint(std::string& out, std::string bytes) {  // big-endian magnitude
  std::size_t first = bytes.find_first_not_of('\0');
  bytes = first == std::string::npos ? std::string() : bytes.substr(first);
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
  put_string(out, bytes);
}

struct SshReader {
  std::string_view data;
  std::string_view read_string() {
    if (data.size() < 4) throw bad_key("truncated key data");
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(data[i]);
    data.remove_prefix(4);
    if (n > data.size()) throw bad_key("truncated key data");
    auto s = data.substr(0, n);
    data.remove_prefix(n);
    return s;
  }
};

std::string bignum_bytes(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (!EVP_PKEY_get_bn_param(key, name, &bn)) crypto_failure("reading an RSA parameter");
  std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  return out;
}

std::string raw_key(EVP_PKEY* key, bool is_private) {
  std::size_t n = 32;
  std::string out(n, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  int ok = is_private ? EVP_PKEY_get_raw_private_key(key, p, &n) : EVP_PKEY_get_raw_public_key(key, p, &n);
  if (!ok || n != 32) crypto_failure("reading an ED25519 key");
  return out;
}

std::string rsa_public_blob(EVP_PKEY* key) {
  std::string blob;
  put_string(blob, "ssh-rsa");
  put_mpint(blob, bignum_bytes(key, OSSL_PKEY_PARAM_RSA_E));
  put_mpint(blob, bignum_bytes(key, OSSL_PKEY_PARAM_RSA_N));
  return blob;
}

std::string ed25519_public_blob(std::string_view raw_public) {
  std::string blob;
  put_string(blob, "ssh-ed25519");
  put_string(blob, raw_public);
  return blob;
}

std::string digest_hex(const EVP_MD* md, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &n, md, nullptr)) crypto_failure("digest");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    if (i) out += ':';
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::string sha256_base64(std::string_view data) {
  unsigned char digest[32];
  unsigned int n = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr)) crypto_failure("digest");
  return base64_encode(std::string_view(reinterpret_cast<char*>(digest), n));
}

std::string encode_with(EVP_PKEY* key, int selection, const char* format, const char* structure) {
  OSSL_ENCODER_CTX* ctx = OSSL_ENCODER_CTX_new_for_pkey(key, selection, format, structure, nullptr);
  if (!ctx || OSSL_ENCODER_CTX_get_num_encoders(ctx) == 0) {
    OSSL_ENCODER_CTX_free(ctx);
    crypto_failure("no encoder");
  }
  unsigned char* data = nullptr;
  std::size_t len = 0;
  int ok = OSSL_ENCODER_to_data(ctx, &data, &len);
  OSSL_ENCODER_CTX_free(ctx);
  if (!ok) crypto_failure("encoding a key");
  std::string out(reinterpret_cast<char*>(data), len);
  OPENSSL_free(data);
  return out;
}

std::string public_key_der(EVP_PKEY* key) {
  int n = i2d_PUBKEY(key, nullptr);
  if (n <= 0) crypto_failure("encoding a public key");
  std::string out(static_cast<std::size_t>(n), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  i2d_PUBKEY(key, &p);
  return out;
}

// OpenSSH's private key format ("openssh-key-v1", unencrypted), as ssh-keygen writes it.
std::string openssh_private_key(std::string_view raw_private, std::string_view raw_public, std::string_view comment) {
  const std::string public_blob = ed25519_public_blob(raw_public);
  std::uint32_t check = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&check), sizeof check);
  std::string section;
  put_u32(section, check);
  put_u32(section, check);
  put_string(section, "ssh-ed25519");
  put_string(section, raw_public);
  put_string(section, std::string(raw_private) + std::string(raw_public));
  put_string(section, comment);
  for (char pad = 1; section.size() % 8 != 0; ++pad) section += pad;

  std::string blob = std::string("openssh-key-v1") + '\0';
  put_string(blob, "none");
  put_string(blob, "none");
  put_string(blob, "");
  put_u32(blob, 1);
  put_string(blob, public_blob);
  put_string(blob, section);

  std::string b64 = base64_encode(blob);
  std::string out = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 70) out += b64.substr(i, 70) + "\n";
  out += "-----END OPENSSH PRIVATE KEY-----\n";
  return out;
}

std::string hmac_sha1_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), mac, &n))
    crypto_failure("HMAC");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xF];
  }
  return out;
}

std::string wrapped_base64(std::string_view bytes, std::size_t width, int& lines) {
  std::string b64 = base64_encode(bytes), out;
  lines = 0;
  for (std::size_t i = 0; i < b64.size(); i += width, ++lines) out += b64.substr(i, width) + "\n";
  return out;
}

// PuTTY-User-Key-File-2, unencrypted: the public and private blobs in base64, and a MAC
// over both keyed with SHA-1("putty-private-key-file-mac-key") for an empty passphrase.
std::string putty_private_key(std::string_view algorithm, std::string_view public_blob, std::string_view private_blob,
                              std::string_view comment) {
  std::string mac_data;
  put_string(mac_data, algorithm);
  put_string(mac_data, "none");
  put_string(mac_data, comment);
  put_string(mac_data, public_blob);
  put_string(mac_data, private_blob);
  unsigned char mac_key[SHA_DIGEST_LENGTH];
  const std::string_view seed = "putty-private-key-file-mac-key";
  SHA1(reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), mac_key);
  int public_lines = 0, private_lines = 0;
  std::string public_text = wrapped_base64(public_blob, 64, public_lines);
  std::string private_text = wrapped_base64(private_blob, 64, private_lines);
  return "PuTTY-User-Key-File-2: " + std::string(algorithm) + "\nEncryption: none\nComment: " + std::string(comment) +
         "\nPublic-Lines: " + std::to_string(public_lines) + "\n" + public_text +
         "Private-Lines: " + std::to_string(private_lines) + "\n" + private_text + "Private-MAC: " +
         hmac_sha1_hex(std::string_view(reinterpret_cast<char*>(mac_key), sizeof mac_key), mac_data) + "\n";
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text)
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') clean += c;
  auto invalid = [] { return ApiError::invalid_value("Value is not valid base64."); };
  if (clean.size() % 4 != 0) throw invalid();
  std::string out(3 * clean.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()), static_cast<int>(clean.size()));
  if (n < 0) throw invalid();
  std::size_t padding = clean.ends_with("==") ? 2 : clean.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

GeneratedKey generate_key(std::string_view type, std::string_view comment, std::string_view format) {
  if (format != "pem" && format != "ppk") throw ApiError::invalid_value("Invalid key format: " + std::string(format));
  GeneratedKey out;
  if (type == "rsa") {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(2048)));
    if (!key) crypto_failure("RSA key generation");
    if (format == "ppk") {
      std::string private_blob;
      put_mpint(private_blob, bignum_bytes(key.get(), OSSL_PKEY_PARAM_RSA_D));
      put_mpint(private_blob, bignum_bytes(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR1));
      put_mpint(private_blob, bignum_bytes(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR2));
      put_mpint(private_blob, bignum_bytes(key.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1));
      out.private_key = putty_private_key("ssh-rsa", rsa_public_blob(key.get()), private_blob, comment);
    } else {
      out.private_key = encode_with(key.get(), OSSL_KEYMGMT_SELECT_KEYPAIR, "PEM", "type-specific");
    }
    std::string pkcs8 = encode_with(key.get(), OSSL_KEYMGMT_SELECT_KEYPAIR, "DER", "PrivateKeyInfo");
    out.fingerprint = digest_hex(EVP_sha1(), pkcs8);
    out.public_key = "ssh-rsa " + base64_encode(rsa_public_blob(key.get()));
  } else if (type == "ed25519") {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key) crypto_failure("ED25519 key generation");
    std::string priv = raw_key(key.get(), true), pub = raw_key(key.get(), false);
    std::string blob = ed25519_public_blob(pub);
    if (format == "ppk") {
      // PuTTY keeps the private half as an mpint of the 32 private key bytes.
      std::string private_blob;
      put_mpint(private_blob, priv);
      out.private_key = putty_private_key("ssh-ed25519", blob, private_blob, comment);
    } else {
      out.private_key = openssh_private_key(priv, pub, comment);
    }
    out.fingerprint = sha256_base64(blob);
    out.public_key = "ssh-ed25519 " + base64_encode(blob);
  } else {
    throw ApiError::invalid_value("Invalid key type: " + std::string(type));
  }
  return out;
}

namespace {

// A public key's wire blob from its base64 (InvalidKey.Format when it is not base64).
std::string key_blob(std::string_view b64) {
  try {
    return base64_decode(b64);
  } catch (const ApiError&) {
    throw bad_key("the key data is not base64");
  }
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto end = text.find('\n');
    auto line = text.substr(0, end);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    out.push_back(line);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return out;
}

// RFC 4716's SSH2 public key file: "---- BEGIN SSH2 PUBLIC KEY ----", headers ("Comment:
// …", a trailing backslash continuing one onto the next line), the key blob's base64 over
// several lines, "---- END SSH2 PUBLIC KEY ----".
std::string openssh_line_of_rfc4716(std::string_view text) {
  std::string b64;
  bool body = false, continued = false;
  for (auto line : lines_of(text)) {
    if (line.starts_with("---- BEGIN SSH2 PUBLIC KEY")) body = true;
    else if (line.starts_with("---- END SSH2 PUBLIC KEY")) break;
    else if (!body || line.empty()) continue;
    else if (continued || line.find(':') != std::string_view::npos) continued = line.ends_with('\\');
    else b64 += line;
  }
  const std::string blob = key_blob(b64);
  SshReader reader{blob};
  return std::string(reader.read_string()) + " " + base64_encode(blob);
}

// A DER SubjectPublicKeyInfo, base64 (PEM armour accepted): "" when `text` is none.
std::string openssh_line_of_der(std::string_view text) {
  std::string b64;
  for (auto line : lines_of(text))
    if (!line.starts_with("-----")) b64 += line;
  std::string der;
  try {
    der = base64_decode(b64);
  } catch (const ApiError&) {
    return "";
  }
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  Pkey key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!key) return "";
  if (EVP_PKEY_is_a(key.get(), "RSA")) return "ssh-rsa " + base64_encode(rsa_public_blob(key.get()));
  if (EVP_PKEY_is_a(key.get(), "ED25519"))
    return "ssh-ed25519 " + base64_encode(ed25519_public_blob(raw_key(key.get(), false)));
  throw bad_key("unsupported key type (use RSA or ED25519)");
}

// The RSA public key an OpenSSH blob's exponent and modulus make (after its type); null
// when they are no key.
Pkey rsa_public_key(SshReader& reader, int& bits) {
  std::string e(reader.read_string()), n(reader.read_string());
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr);
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr);
  bits = BN_num_bits(bn_n);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* raw = nullptr;
  const bool ok = ctx && EVP_PKEY_fromdata_init(ctx) > 0 && EVP_PKEY_fromdata(ctx, &raw, EVP_PKEY_PUBLIC_KEY, params) > 0;
  Pkey key(raw);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_e);
  BN_free(bn_n);
  return ok ? std::move(key) : nullptr;
}

}  // namespace

std::string rsa_encrypt_base64(std::string_view public_key, std::string_view plaintext) {
  if (!public_key.starts_with("ssh-rsa ")) return "";
  std::string_view b64 = public_key.substr(8);
  b64 = b64.substr(0, b64.find_first_of(" \r\n"));
  const std::string blob = base64_decode(b64);
  SshReader reader{blob};
  if (reader.read_string() != "ssh-rsa") return "";
  int bits = 0;
  Pkey key = rsa_public_key(reader, bits);
  if (!key) return "";
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr),
                                                                  &EVP_PKEY_CTX_free);
  std::size_t size = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(plaintext.data());
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_encrypt(ctx.get(), nullptr, &size, in, plaintext.size()) <= 0)
    return "";
  std::string out(size, '\0');
  if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, in, plaintext.size()) <= 0) return "";
  out.resize(size);
  return base64_encode(out);
}

ImportedKey import_public_key(std::string_view given) {
  // The three forms AWS imports: OpenSSH's one line, RFC 4716, base64 DER — as one line.
  while (!given.empty() && (given.front() == ' ' || given.front() == '\n')) given.remove_prefix(1);
  std::string line;
  if (given.starts_with("---- BEGIN SSH2 PUBLIC KEY")) line = openssh_line_of_rfc4716(given);
  else if (!given.starts_with("ssh-")) line = openssh_line_of_der(given);
  std::string_view text = line.empty() ? given : std::string_view(line);
  auto space = text.find(' ');
  if (space == std::string_view::npos) throw bad_key("expected '<type> <base64> [comment]'");
  std::string_view type = text.substr(0, space);
  std::string_view rest = text.substr(space + 1);
  std::string_view b64 = rest.substr(0, rest.find_first_of(" \r\n"));
  const std::string blob = key_blob(b64);
  SshReader reader{blob};
  if (reader.read_string() != type) throw bad_key("the key type does not match its data");

  ImportedKey out;
  if (type == "ssh-rsa") {
    int bits = 0;
    Pkey key = rsa_public_key(reader, bits);
    if (!key) throw bad_key("the RSA key data is invalid");
    if (bits < 1024 || bits > 4096) throw bad_key("RSA keys must have 1024 to 4096 bits");
    out.type = "rsa";
    out.fingerprint = digest_hex(EVP_md5(), public_key_der(key.get()));
  } else if (type == "ssh-ed25519") {
    if (reader.read_string().size() != 32) throw bad_key("an ED25519 key has 32 bytes");
    out.type = "ed25519";
    out.fingerprint = sha256_base64(blob);
  } else {
    throw bad_key("unsupported key type " + std::string(type) + " (use ssh-rsa or ssh-ed25519)");
  }
  out.public_key = std::string(type) + " " + std::string(b64);
  return out;
}

}  // namespace ec2sim::sim
