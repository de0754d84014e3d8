// A self-signed TLS certificate made for a test, as a field relay's operator makes one.
#pragma once

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <string>

#include "staccs/crypto/hash.h"

namespace staccs::test {

// A fresh P-256 key and a self-signed certificate for it, written as PEM files; returns the
// SHA-256 of the key's SubjectPublicKeyInfo (what a campaign file pins).
inline crypto::Hash32 MakeSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  REQUIRE(key != nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("relay.test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  REQUIRE(X509_sign(cert, key, EVP_sha256()) > 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  unsigned char* spki = nullptr;
  const int len = i2d_PUBKEY(key, &spki);
  REQUIRE(len > 0);
  crypto::Hash32 pin{};
  SHA256(spki, static_cast<std::size_t>(len), pin.data());
  OPENSSL_free(spki);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pin;
}

}  // namespace staccs::test
