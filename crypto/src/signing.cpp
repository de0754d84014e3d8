#include "staccs/crypto/signing.h"

#include <sodium.h>

#include <cstring>

namespace staccs::crypto {

std::string_view ContextString(SignatureDomain domain) {
  switch (domain) {
    case SignatureDomain::kCampaignFile: return "staccs campaign file";
    case SignatureDomain::kPullSubkeyCert: return "staccs pull subkey certificate";
    case SignatureDomain::kBundleAuthor: return "staccs bundle author";
    case SignatureDomain::kReceivedLog: return "staccs received-log";
    case SignatureDomain::kRelayReceipt: return "staccs relay receipt";
    case SignatureDomain::kPullProof: return "staccs pull proof";
    case SignatureDomain::kReleaseArtifact: return "staccs release artifact";
  }
  return "staccs unknown";
}

// The exact bytes that are signed; see the header.
static Bytes SignedMessage(SignatureDomain domain, std::uint16_t version, ByteView message) {
  static constexpr std::string_view kPrefix{"STACCS-SIG\0", 11};
  std::string_view context = ContextString(domain);
  Bytes m;
  m.reserve(kPrefix.size() + context.size() + 1 + 12 + message.size());
  Append(m, AsBytes(kPrefix));
  Append(m, AsBytes(context));
  m.push_back(0);
  PutU16(m, static_cast<std::uint16_t>(domain));
  PutU16(m, version);
  PutU64(m, message.size());
  Append(m, message);
  return m;
}

SigningKeyPair SigningKeyPair::Generate() {
  Initialize();
  SigningKeyPair kp;
  kp.secret_key_ = SecretBytes(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(kp.public_key_.data(), kp.secret_key_.data());
  return kp;
}

SigningKeyPair SigningKeyPair::FromSeed(const SecretBytes& seed32) {
  Initialize();
  SigningKeyPair kp;
  kp.secret_key_ = SecretBytes(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(kp.public_key_.data(), kp.secret_key_.data(), seed32.data());
  return kp;
}

Result<SigningKeyPair> SigningKeyPair::FromSecretKey(const SecretBytes& secret64) {
  Initialize();
  if (secret64.size() != crypto_sign_SECRETKEYBYTES)
    return Error::BadInput("signing key has the wrong length");
  SigningKeyPair kp;
  kp.secret_key_ = secret64.Clone();
  crypto_sign_ed25519_sk_to_pk(kp.public_key_.data(), kp.secret_key_.data());
  return kp;
}

SigningKeyPair SigningKeyPair::Clone() const {
  SigningKeyPair kp;
  kp.secret_key_ = secret_key_.Clone();
  kp.public_key_ = public_key_;
  return kp;
}

Signature SigningKeyPair::Sign(SignatureDomain domain, std::uint16_t version,
                               ByteView message) const {
  Bytes m = SignedMessage(domain, version, message);
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, m.data(), m.size(), secret_key_.data());
  return sig;
}

bool Verify(const SigningPublicKey& key, SignatureDomain domain, std::uint16_t version,
            ByteView message, const Signature& signature) {
  Initialize();
  Bytes m = SignedMessage(domain, version, message);
  return crypto_sign_verify_detached(signature.data(), m.data(), m.size(), key.data()) == 0;
}

}  // namespace staccs::crypto
